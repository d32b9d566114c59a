using System.Text.Json;

namespace ProductDescriber.Generation.Tests.Support;

/// <summary>Generation operations (and the analysis that comes first) through the public GraphQL API, as the web frontend calls them.</summary>
public static class GenerationApi
{
    public const string RequestFields = "id status progress { done } effectivePrompt errorKind errorMessage";

    public const string ErrorFields = """
        errors { __typename code message
          ... on ValidationError { field }
          ... on ProductArchivedError { productId }
          ... on ProviderUnavailableError { provider reason }
          ... on NoReferenceImagesError { productId }
          ... on NoSpecificationError { productId }
          ... on AlreadyFinishedError { requestId status } }
        """;

    /// <summary>A product with both fixture photos and an active specification made by the Offline provider.</summary>
    public static async Task<string> AnalysedProductAsync(this GraphQLClient client, string? name = null)
    {
        var productId = await client.NewProductAsync(name);
        await client.UploadOkAsync(productId, CatalogApi.Photo(1), CatalogApi.Photo(2));
        var started = await client.QueryAsync("mutation($i: AnalyzeProductInput!) { analyzeProduct(input: $i) { run { id } errors { code message } } }", new { i = new { productId } });
        var runId = started.GetProperty("analyzeProduct").GetProperty("run").Json("id");
        await Eventually.AssertAsync(
            async () => Assert.Equal("SUCCEEDED", (await client.QueryAsync("query($id: ID!) { node(id: $id) { ... on AnalysisRun { status } } }", new { id = runId })).GetProperty("node").Json("status")),
            TimeSpan.FromSeconds(60));
        return productId;
    }

    public static async Task<JsonElement> GenerateAsync(this GraphQLClient client, object input, string fields = RequestFields)
    {
        var data = await client.QueryAsync(
            $"mutation($i: GenerateImagesInput!) {{ generateImages(input: $i) {{ request {{ {fields} }} {ErrorFields} }} }}", new { i = input });
        return data.GetProperty("generateImages");
    }

    /// <summary>Starts a generation and returns the request id, failing the test if it was refused.</summary>
    public static async Task<string> StartGenerationAsync(this GraphQLClient client, object input)
    {
        var payload = await client.GenerateAsync(input);
        Assert.True(payload.GetProperty("errors").GetArrayLength() == 0, payload.ToString());
        return payload.GetProperty("request").Json("id")!;
    }

    public static async Task<JsonElement> RequestAsync(this GraphQLClient client, string requestId, string fields = RequestFields)
    {
        var data = await client.QueryAsync($"query($id: ID!) {{ node(id: $id) {{ ... on GenerationRequest {{ {fields} }} }} }}", new { id = requestId });
        return data.GetProperty("node");
    }

    /// <summary>Polls until the request is finished (for tests about the outcome, not the subscription).</summary>
    public static async Task<JsonElement> FinishedRequestAsync(this GraphQLClient client, string requestId, TimeSpan? timeout = null, string fields = RequestFields)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var request = await client.RequestAsync(requestId, fields);
            if (request.Json("status") is "SUCCEEDED" or "PARTIAL" or "FAILED" or "CANCELLED")
            {
                return request;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Request {requestId} did not finish: {request}");
            await Task.Delay(100);
        }
    }

    public static string[] ErrorCodes(this JsonElement payload) => [.. payload.GetProperty("errors").EnumerateArray().Select(e => e.Json("code")!)];
}
