using ProductDescriber.Specs.Tests.Support;

namespace ProductDescriber.Specs.Tests;

/// <summary>Versions are numbered max + 1 under a per-product lock, and the database holds one active per product.</summary>
public sealed class VersioningTests(SpecsHostFixture fixture) : IClassFixture<SpecsHostFixture>
{
    [Fact]
    public async Task Ten_concurrent_edits_make_versions_2_to_11_with_exactly_one_active()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.ProductWithPhotosAsync();
        var v1 = (await admin.FinishedRunAsync(await admin.StartAnalysisAsync(productId))).GetProperty("specification");
        var yaml = (await admin.ActiveSpecificationAsync(productId))!.Value.Json("yamlContent");

        var edits = await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            admin.UpdateAsync(v1.Json("id"), yaml.Replace("product_name: null", $"product_name: Edit {i}", StringComparison.Ordinal))));

        Assert.All(edits, e => Assert.Empty(e.GetProperty("errors").EnumerateArray()));
        var made = edits.Select(e => e.GetProperty("specification").GetProperty("version").GetInt32()).Order().ToArray();
        Assert.Equal(Enumerable.Range(2, 10).ToArray(), made);
        Assert.Equal(Enumerable.Range(1, 11).Reverse().ToArray(), await admin.VersionsAsync(productId));
        await AssertOneActiveAsync(admin, productId);
    }

    [Fact]
    public async Task Analyses_racing_edits_never_share_a_version_number()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.ProductWithPhotosAsync();
        var first = (await admin.FinishedRunAsync(await admin.StartAnalysisAsync(productId))).GetProperty("specification");
        var yaml = (await admin.ActiveSpecificationAsync(productId))!.Value.Json("yamlContent");

        var analyses = Enumerable.Range(0, 4).Select(_ => admin.StartAnalysisAsync(productId)).ToList();
        var edits = Enumerable.Range(0, 6).Select(i =>
            admin.UpdateAsync(first.Json("id"), yaml.Replace("product_name: null", $"product_name: Race {i}", StringComparison.Ordinal))).ToList();
        var runIds = await Task.WhenAll(analyses);
        await Task.WhenAll(edits);
        foreach (var runId in runIds)
        {
            Assert.Equal("SUCCEEDED", (await admin.FinishedRunAsync(runId)).Json("status"));
        }

        var versions = await admin.VersionsAsync(productId);
        Assert.Equal(Enumerable.Range(1, 11).Reverse().ToArray(), versions);
        await AssertOneActiveAsync(admin, productId);
    }

    [Fact]
    public async Task Activation_is_recorded_and_reactivating_the_active_version_changes_nothing()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.ProductWithPhotosAsync();
        var v1 = (await admin.FinishedRunAsync(await admin.StartAnalysisAsync(productId))).GetProperty("specification");
        var yaml = (await admin.ActiveSpecificationAsync(productId))!.Value.Json("yamlContent");
        await admin.UpdateAsync(v1.Json("id"), yaml.Replace("product_name: null", "product_name: Second", StringComparison.Ordinal));

        var again = await admin.ActivateAsync(v1.Json("id"));
        var twice = await admin.ActivateAsync(v1.Json("id"));

        Assert.Empty(again.GetProperty("errors").EnumerateArray());
        Assert.Empty(twice.GetProperty("errors").EnumerateArray());
        var data = await admin.QueryAsync(
            "query($id: ID!) { node(id: $id) { ... on Specification { isActive activatedAt activatedBy { username } } } }", new { id = v1.Json("id") });
        var node = data.GetProperty("node");
        Assert.True(node.GetProperty("isActive").GetBoolean());
        Assert.Equal("admin", node.GetProperty("activatedBy").Json("username"));
        await AssertOneActiveAsync(admin, productId);
    }

    private static async Task AssertOneActiveAsync(GraphQLClient client, string productId)
    {
        var data = await client.QueryAsync("query($id: ID!) { product(id: $id) { specifications(first: 100) { nodes { isActive } } } }", new { id = productId });
        var active = data.GetProperty("product").GetProperty("specifications").GetProperty("nodes").EnumerateArray().Count(n => n.GetProperty("isActive").GetBoolean());
        Assert.Equal(1, active);
    }
}
