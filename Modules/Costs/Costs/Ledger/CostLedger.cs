using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.Costs.Persistence;
using ProductDescriber.Costs.Pricing;

namespace ProductDescriber.Costs.Ledger;

/// <summary>
/// Writes ledger rows with one plain INSERT .. ON CONFLICT DO NOTHING on the idempotency key, through whichever
/// context the caller gives, so the row joins the caller's transaction (a module's own record of the call) even
/// though the table is Costs'.
/// </summary>
internal sealed class CostLedger(PriceTable prices, IDbContextFactory<CostsDbContext> contexts) : ICostLedger
{
    public async Task RecordAsync(DbContext db, PaidCall call, CancellationToken cancellationToken)
    {
        var price = prices.Price(call);
        var kind = call.Kind == PaidCallKind.Image ? "IMAGE" : "VISION";
        var key = call.IdempotencyKey;
        var at = call.At.ToUniversalTime();
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO costs.ledger_entries (idempotency_key, kind, provider, model, at, product_id, user_id,
               generation_request_id, analysis_run_id, specification_version, resolution, images, input_tokens,
               output_tokens, duration_ms, outcome, amount, currency, unpriced_reason, price_from)
             VALUES ({key}, {kind}, {call.Provider}, {call.Model}, {at}, {call.ProductId}, {call.UserId},
               {call.GenerationRequestId}, {call.AnalysisRunId}, {call.SpecificationVersion}, {call.Resolution}, {call.Images}, {call.InputTokens},
               {call.OutputTokens}, {call.DurationMs}, {call.Outcome}, {price.Amount}, {price.Currency}, {price.UnpricedReason}, {price.PriceFrom})
             ON CONFLICT (idempotency_key) DO NOTHING
             """,
            cancellationToken);
    }

    public async Task RecordAsync(PaidCall call, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RecordAsync(db, call, cancellationToken);
    }
}
