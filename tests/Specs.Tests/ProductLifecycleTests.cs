using ProductDescriber.Specs.Tests.Support;

namespace ProductDescriber.Specs.Tests;

/// <summary>Specifications and runs live and die with their product.</summary>
public sealed class ProductLifecycleTests(SpecsHostFixture fixture) : IClassFixture<SpecsHostFixture>
{
    [Fact]
    public async Task Deleting_a_product_removes_its_specifications_runs_and_files()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.ProductWithPhotosAsync();
        var run = await admin.FinishedRunAsync(await admin.StartAnalysisAsync(productId));
        var specificationId = run.GetProperty("specification").Json("id");
        var slug = (await admin.QueryAsync("query($id: ID!) { product(id: $id) { slug } }", new { id = productId })).GetProperty("product").Json("slug");
        await Eventually.TrueAsync(() => fixture.FileExists($"{slug}/specs/v1.yaml"), "the YAML copy of v1");

        var deleted = await admin.MutateAsync("deleteProduct", "DeleteProductInput", new { productId }, "deletedProductId");
        Assert.Empty(deleted.Errors());

        var nodes = await admin.QueryAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = new[] { specificationId, run.Json("id") } });
        Assert.All(nodes.GetProperty("nodes").EnumerateArray(), n => Assert.Equal(System.Text.Json.JsonValueKind.Null, n.ValueKind));
        await Eventually.TrueAsync(() => !fixture.FolderExists(slug), $"the folder {slug} to be deleted");
    }
}
