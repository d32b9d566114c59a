using System.Text.Json;

namespace ProductDescriber.Specs.Tests.Support;

/// <summary>Specs operations through the public GraphQL API, as the web frontend calls them.</summary>
public static class SpecsApi
{
    public const string RunFields = "id status provider model attempts errorKind errorMessage imagesSent inputTokens outputTokens rawReply validationIssues { path message severity } specification { id version }";

    public const string SpecificationFields = """
        id version isActive yamlContent templateName templateVersion source basedOnVersion changeNotes
        primaryDimensions { width height depth unit } primaryColors { primary { hex name coverage } secondary { hex name coverage } accent { hex name coverage } }
        materialType confidenceOverall validationIssues { path message severity }
        """;

    public const string ErrorFields = """
        errors { __typename code message
          ... on ValidationError { field }
          ... on ProductArchivedError { productId }
          ... on InvalidYamlError { reason line column }
          ... on TemplateViolationError { issues { path message severity } }
          ... on ProviderUnavailableError { provider reason }
          ... on NoReferenceImagesError { productId } }
        """;

    /// <summary>A product with both fixture photos, ready to analyse.</summary>
    public static async Task<string> ProductWithPhotosAsync(this GraphQLClient client)
    {
        var productId = await client.NewProductAsync();
        await client.UploadOkAsync(productId, CatalogApi.Photo(1), CatalogApi.Photo(2));
        return productId;
    }

    public static async Task<JsonElement> AnalyzeAsync(this GraphQLClient client, object input)
    {
        var data = await client.QueryAsync(
            $"mutation($i: AnalyzeProductInput!) {{ analyzeProduct(input: $i) {{ run {{ {RunFields} }} {ErrorFields} }} }}", new { i = input });
        return data.GetProperty("analyzeProduct");
    }

    /// <summary>Starts an analysis and returns the run id, failing the test if it was refused.</summary>
    public static async Task<string> StartAnalysisAsync(this GraphQLClient client, string productId, string? provider = null)
    {
        var payload = await client.AnalyzeAsync(provider is null ? new { productId } : new { productId, provider });
        Assert.True(payload.GetProperty("errors").GetArrayLength() == 0, payload.ToString());
        return payload.GetProperty("run").GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> RunAsync(this GraphQLClient client, string runId)
    {
        var data = await client.QueryAsync($"query($id: ID!) {{ node(id: $id) {{ ... on AnalysisRun {{ {RunFields} }} }} }}", new { id = runId });
        return data.GetProperty("node");
    }

    /// <summary>Polls until the run is SUCCEEDED or FAILED (for tests about the outcome, not the subscription).</summary>
    public static async Task<JsonElement> FinishedRunAsync(this GraphQLClient client, string runId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var run = await client.RunAsync(runId);
            if (run.Json("status") is "SUCCEEDED" or "FAILED")
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Run {runId} did not finish: {run}");
            await Task.Delay(100);
        }
    }

    public static async Task<JsonElement> UpdateAsync(this GraphQLClient client, string specificationId, string yaml, string? notes = null)
    {
        var data = await client.QueryAsync(
            $"mutation($i: UpdateSpecificationInput!) {{ updateSpecification(input: $i) {{ specification {{ {SpecificationFields} }} {ErrorFields} }} }}",
            new { i = new { specificationId, yamlContent = yaml, changeNotes = notes } });
        return data.GetProperty("updateSpecification");
    }

    public static async Task<JsonElement> ActivateAsync(this GraphQLClient client, string specificationId)
    {
        var data = await client.QueryAsync(
            $"mutation($i: ActivateSpecificationInput!) {{ activateSpecification(input: $i) {{ specification {{ {SpecificationFields} }} {ErrorFields} }} }}",
            new { i = new { specificationId } });
        return data.GetProperty("activateSpecification");
    }

    public static async Task<JsonElement?> ActiveSpecificationAsync(this GraphQLClient client, string productId)
    {
        var data = await client.QueryAsync($"query($id: ID!) {{ product(id: $id) {{ activeSpecification {{ {SpecificationFields} }} }} }}", new { id = productId });
        var active = data.GetProperty("product").GetProperty("activeSpecification");
        return active.ValueKind == JsonValueKind.Null ? null : active;
    }

    public static async Task<int[]> VersionsAsync(this GraphQLClient client, string productId)
    {
        var data = await client.QueryAsync("query($id: ID!) { product(id: $id) { specifications(first: 100) { nodes { version } } } }", new { id = productId });
        return [.. data.GetProperty("product").GetProperty("specifications").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("version").GetInt32())];
    }

    public const string RunSubscription = "subscription($id: ID!) { analysisRunChanged(runId: $id) { id status attempts errorKind errorMessage specification { version } } }";
}
