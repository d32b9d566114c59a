using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Generation.Requests;

namespace ProductDescriber.Generation.Tests.Support;

/// <summary>A product ready for generation and the sizes of its photos in the order a provider must get them.</summary>
public sealed record PhotographedProduct(string Id, IReadOnlyList<(int Width, int Height)> SentOrder);

/// <summary>
/// Steps of the resilience tests: a product analysed by the Offline provider (the Host's default vision provider may be
/// a fake here), cancel and delete through the API, and the request's row as the job leaves it.
/// </summary>
internal static class GenerationSteps
{
    public static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Two fixture photos analysed offline, then a third; the second is made primary, so "primary first" differs from
    /// upload order: the provider must get stasher_2, stasher_1, then the small one.
    /// </summary>
    public static async Task<PhotographedProduct> PhotographedProductAsync(this GraphQLClient admin)
    {
        var productId = await admin.NewProductAsync();
        var uploaded = await admin.UploadOkAsync(productId, CatalogApi.Photo(1), CatalogApi.Photo(2));
        var started = await admin.QueryAsync(
            "mutation($i: AnalyzeProductInput!) { analyzeProduct(input: $i) { run { id } errors { code message } } }", new { i = new { productId, provider = "offline" } });
        var runId = started.GetProperty("analyzeProduct").GetProperty("run").Json("id");
        await Eventually.AssertAsync(
            async () => Assert.Equal("SUCCEEDED", (await admin.QueryAsync("query($id: ID!) { node(id: $id) { ... on AnalysisRun { status } } }", new { id = runId })).GetProperty("node").Json("status")),
            TimeSpan.FromSeconds(60));

        var small = TestSupport.Images.TestImages.Png(64, 48);
        await admin.UploadOkAsync(productId, new UploadFile("small.png", small));
        var second = uploaded.GetProperty("referenceImages").EnumerateArray().Single(i => i.Json("fileName") == "stasher_2.png").Json("id");
        var primary = await admin.MutateAsync("setPrimaryReferenceImage", "SetPrimaryReferenceImageInput", new { productId, referenceImageId = second }, "product { id }");
        Assert.Empty(primary.Errors());
        return new PhotographedProduct(productId, [CatalogApi.PngSize(CatalogApi.Photo(2).Bytes), CatalogApi.PngSize(CatalogApi.Photo(1).Bytes), (64, 48)]);
    }

    public static async Task<JsonElement> CancelAsync(this GraphQLClient client, string requestId)
    {
        var data = await client.QueryAsync(
            $"mutation($i: CancelGenerationInput!) {{ cancelGeneration(input: $i) {{ request {{ {GenerationApi.RequestFields} }} {GenerationApi.ErrorFields} }} }}",
            new { i = new { requestId } });
        return data.GetProperty("cancelGeneration");
    }

    public static async Task<JsonElement> DeleteAsync(this GraphQLClient client, string requestId)
    {
        var data = await client.QueryAsync(
            $"mutation($i: DeleteGenerationInput!) {{ deleteGeneration(input: $i) {{ deletedRequestId {GenerationApi.ErrorFields} }} }}",
            new { i = new { requestId } });
        return data.GetProperty("deleteGeneration");
    }

    /// <summary>The request's row once it is finished (SUCCEEDED, PARTIAL, FAILED or CANCELLED).</summary>
    public static Task<GenerationRequest> FinishedRowAsync(this TestHost host, string requestId) =>
        host.RowAsync(requestId, r => r.IsFinished, "finished");

    /// <summary>The request's row once <paramref name="condition"/> holds.</summary>
    public static Task<GenerationRequest> RowAsync(this TestHost host, string requestId, Func<GenerationRequest, bool> condition, string what) =>
        Eventually.ValueAsync(
            async () =>
            {
                var row = await host.RequestRowAsync(requestId);
                Assert.True(condition(row), $"Expected request {requestId} to be {what}; it is {row.Status} with {row.ImagesDone} image(s), {row.Attempts} attempt(s).");
                return row;
            },
            JobTimeout);

    /// <summary>The row, or null when it is gone.</summary>
    public static async Task<GenerationRequest?> FindRowAsync(this TestHost host, string requestId)
    {
        Assert.True(GenerationIds.TryRequest(requestId, out var id), requestId);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<GenerationDbContext>>().CreateDbContextAsync();
        return await db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id);
    }

    /// <summary>(index, kind) of each failure, by index.</summary>
    public static (int Index, string Kind)[] FailureKinds(this GenerationRequest row) => [.. row.Failures.OrderBy(f => f.Index).Select(f => (f.Index, f.Kind))];
}
