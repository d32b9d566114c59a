namespace ProductDescriber.Webhooks.Tests.Support;

/// <summary>Starts an analysis of a new photographed product through the public API (the Offline provider answers).</summary>
internal static class AnalysedProducts
{
    public static async Task<(string ProductId, string RunId)> AnalyseNewProductAsync(this GraphQLClient client)
    {
        var productId = await client.NewProductAsync();
        await client.UploadOkAsync(productId, CatalogApi.Photo(1));
        var started = await client.QueryAsync("mutation($i: AnalyzeProductInput!) { analyzeProduct(input: $i) { run { id } errors { message } } }", new { i = new { productId } });
        return (productId, started.GetProperty("analyzeProduct").GetProperty("run").Json("id"));
    }
}
