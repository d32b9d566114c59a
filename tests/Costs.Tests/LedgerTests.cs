using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.Costs.Tests.Support;

namespace ProductDescriber.Costs.Tests;

/// <summary>
/// Every paid provider call writes exactly one ledger row, priced from the configured table (the latest entry in
/// force), or unpriced with the reason; the cost fields of requests, runs and products add them up.
/// </summary>
public sealed class LedgerTests(CostsHostFixture host) : IClassFixture<CostsHostFixture>
{
    [Fact]
    public async Task A_generation_of_three_2K_pictures_writes_three_rows_at_the_2K_price()
    {
        using var admin = await host.AdminAsync();
        var productId = await admin.AnalysedProductAsync();

        var requestId = await admin.StartGenerationAsync(productId, "2K", 3);
        var request = await admin.FinishedRequestAsync(requestId);

        Assert.Equal("SUCCEEDED", request.Json("status"));
        Assert.Equal(3 * CostsHostFixture.Per2K, request.Usd());
        Assert.Equal((3, 0, true), (request.GetProperty("cost").GetProperty("calls").GetInt32(), request.GetProperty("cost").GetProperty("unpricedCalls").GetInt32(), request.GetProperty("cost").GetProperty("isComplete").GetBoolean()));
        var rows = await host.Host.LedgerRowsAsync("generation_request_id", CostsApi.Key(requestId));
        var key = CostsApi.Key(requestId);
        Assert.Equal([$"generation:{key}:image:0", $"generation:{key}:image:1", $"generation:{key}:image:2"], rows.Select(r => r.IdempotencyKey));
        Assert.All(rows, r => Assert.Equal(("IMAGE", CostsHostFixture.Per2K, "USD", (string?)null, 1), (r.Kind, r.Amount, r.Currency, r.UnpricedReason, r.SpecificationVersion)));

        // The product's cost holds them too; its analysis by the Offline provider reported no tokens, so it is unpriced.
        var product = (await admin.QueryAsync($"query($id: ID!) {{ product(id: $id) {{ {CostsApi.CostFields} }} }}", new { id = productId })).GetProperty("product");
        Assert.Equal(3 * CostsHostFixture.Per2K, product.Usd());
        Assert.Equal((4, 1, false), (product.GetProperty("cost").GetProperty("calls").GetInt32(), product.GetProperty("cost").GetProperty("unpricedCalls").GetInt32(), product.GetProperty("cost").GetProperty("isComplete").GetBoolean()));
    }

    [Fact]
    public async Task A_picture_at_a_resolution_without_a_price_is_recorded_unpriced_with_the_reason()
    {
        using var admin = await host.AdminAsync();
        var productId = await admin.AnalysedProductAsync();

        var requestId = await admin.StartGenerationAsync(productId, "4K", 1);
        var request = await admin.FinishedRequestAsync(requestId);

        Assert.Equal("SUCCEEDED", request.Json("status"));
        var cost = request.GetProperty("cost");
        Assert.Equal(0, cost.GetProperty("amounts").GetArrayLength());
        Assert.Equal((1, 1, false), (cost.GetProperty("calls").GetInt32(), cost.GetProperty("unpricedCalls").GetInt32(), cost.GetProperty("isComplete").GetBoolean()));
        var row = Assert.Single(await host.Host.LedgerRowsAsync("generation_request_id", CostsApi.Key(requestId)));
        Assert.Null(row.Amount);
        Assert.Null(row.Currency);
        Assert.Contains("4K", row.UnpricedReason);
    }

    [Fact]
    public async Task An_analysis_whose_reply_was_unusable_is_paid_by_the_tokens_the_provider_reported()
    {
        using var admin = await host.AdminAsync();
        var productId = await admin.NewProductAsync();
        await admin.UploadOkAsync(productId, CatalogApi.Photo(1));

        var runId = await admin.AnalyzeAsync(productId, "openai");
        var run = await admin.FinishedRunAsync(runId);

        Assert.Equal("FAILED", run.Json("status"));
        Assert.Equal(CostsHostFixture.OpenAIReply, run.Usd());
        var row = Assert.Single(await host.Host.LedgerRowsAsync("analysis_run_id", CostsApi.Key(runId)));
        Assert.Equal(("VISION", 812, 45, CostsHostFixture.OpenAIReply, run.Json("errorKind")), (row.Kind, row.InputTokens, row.OutputTokens, row.Amount, row.Outcome));
        Assert.Equal($"analysis:{CostsApi.Key(runId)}", row.IdempotencyKey);
    }

    [Fact]
    public async Task An_analysis_without_token_counts_is_unpriced_with_the_reason()
    {
        using var admin = await host.AdminAsync();
        var productId = await admin.NewProductAsync();
        await admin.UploadOkAsync(productId, CatalogApi.Photo(1));

        var run = await admin.FinishedRunAsync(await admin.AnalyzeAsync(productId, "offline"));

        Assert.Equal("SUCCEEDED", run.Json("status"));
        Assert.Equal((1, 1, 0), (run.GetProperty("cost").GetProperty("calls").GetInt32(), run.GetProperty("cost").GetProperty("unpricedCalls").GetInt32(), run.GetProperty("cost").GetProperty("amounts").GetArrayLength()));
    }

    [Fact]
    public async Task A_job_run_again_after_a_crash_adds_no_second_row()
    {
        using var admin = await host.AdminAsync();
        var productId = await admin.AnalysedProductAsync();
        var requestId = await admin.StartGenerationAsync(productId, "2K", 2);
        await admin.FinishedRequestAsync(requestId);
        var key = CostsApi.Key(requestId);

        // As if the Host died after the pictures were stored but before the request's ending was committed: RUNNING
        // again, so the recovery sweep runs its job once more.
        await host.Host.ExecuteAsync("UPDATE generation.generation_requests SET status = 'RUNNING', completed_at = NULL WHERE id = @key", key);
        var again = await admin.FinishedRequestAsync(requestId);

        Assert.Equal("SUCCEEDED", again.Json("status"));
        Assert.Equal(2 * CostsHostFixture.Per2K, again.Usd());
        Assert.Equal(2, (await host.Host.LedgerRowsAsync("generation_request_id", key)).Count);

        // And a write of the same call twice, as two runs of one job would: one row.
        var ledger = host.Host.Services.GetRequiredService<ICostLedger>();
        var call = new PaidCall($"generation:{key}:image:0", PaidCallKind.Image, "offline", "offline-composite-1", DateTimeOffset.UtcNow, CostsApi.Key(productId), null, key, null, 1, "2K", 1, null, null, 5);
        await ledger.RecordAsync(call, CancellationToken.None);
        await ledger.RecordAsync(call with { IdempotencyKey = $"generation:{key}:image:1" }, CancellationToken.None);
        Assert.Equal(2, (await host.Host.LedgerRowsAsync("generation_request_id", key)).Count);
    }
}
