using System.Text.Json;

namespace ProductDescriber.Generation.Tests.Support;

/// <summary>A product with photos and an analysed specification, made through the public API as a frontend would.</summary>
internal sealed record AnalysedProduct(string Id, long Key, string[] PhotoIds, string SpecificationId, long SpecificationKey);

internal static class ProductSetup
{
    public static async Task<AnalysedProduct> SeededProductAsync(this GraphQLClient client, int photos = 2)
    {
        var productId = await client.NewProductAsync();
        var upload = await client.UploadOkAsync(productId, [.. Enumerable.Range(1, photos).Select(n => CatalogApi.Photo(((n - 1) % 2) + 1))]);
        var photoIds = upload.GetProperty("referenceImages").EnumerateArray().Select(i => i.Json("id")).ToArray();
        var started = await client.QueryAsync("mutation($i: AnalyzeProductInput!) { analyzeProduct(input: $i) { run { id } errors { message } } }", new { i = new { productId } });
        var runId = started.GetProperty("analyzeProduct").GetProperty("run").Json("id");
        var specificationId = await FinishedAnalysisAsync(client, runId);
        return new AnalysedProduct(productId, GallerySeed.Key(productId, "Product"), photoIds, specificationId, GallerySeed.Key(specificationId, "Specification"));
    }

    /// <summary>A new active version, edited from <paramref name="specificationId"/>; returns its id.</summary>
    public static async Task<string> NewVersionAsync(this GraphQLClient client, string specificationId)
    {
        var yaml = (await client.QueryAsync("query($id: ID!) { node(id: $id) { ... on Specification { yamlContent } } }", new { id = specificationId })).GetProperty("node").Json("yamlContent");
        var data = await client.QueryAsync(
            "mutation($i: UpdateSpecificationInput!) { updateSpecification(input: $i) { specification { id isActive } errors { message } } }",
            new { i = new { specificationId, yamlContent = yaml + "\n# edited\n" } });
        var payload = data.GetProperty("updateSpecification");
        Assert.True(payload.GetProperty("errors").GetArrayLength() == 0, payload.ToString());
        return payload.GetProperty("specification").Json("id");
    }

    public static async Task ActivateAsync(this GraphQLClient client, string specificationId)
    {
        var data = await client.QueryAsync(
            "mutation($i: ActivateSpecificationInput!) { activateSpecification(input: $i) { specification { isActive } errors { message } } }",
            new { i = new { specificationId } });
        var payload = data.GetProperty("activateSpecification");
        Assert.True(payload.GetProperty("errors").GetArrayLength() == 0, payload.ToString());
    }

    private static async Task<string> FinishedAnalysisAsync(GraphQLClient client, string runId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var run = (await client.QueryAsync("query($id: ID!) { node(id: $id) { ... on AnalysisRun { status errorMessage specification { id } } } }", new { id = runId })).GetProperty("node");
            if (run.Json("status") == "SUCCEEDED")
            {
                return run.GetProperty("specification").Json("id");
            }

            Assert.True(run.Json("status") != "FAILED" && DateTime.UtcNow < deadline, $"Analysis {runId} did not succeed: {run}");
            await Task.Delay(100);
        }
    }

    public static JsonElement[] Nodes(this JsonElement connection) => [.. connection.GetProperty("nodes").EnumerateArray()];
}
