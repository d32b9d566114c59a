using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.Costs.Ledger;
using ProductDescriber.Costs.Persistence;

namespace ProductDescriber.Costs.Summaries;

// The cost fields of a page of objects: one grouped statement per batch, whatever the page size.

internal sealed class ProductCostLoader(IDbContextFactory<CostsDbContext> contexts) : CostLoader(contexts)
{
    protected override IQueryable<CostGroup> Keyed(IQueryable<LedgerEntry> entries, IReadOnlyList<long> keys) =>
        Group(entries.Where(e => keys.Contains(e.ProductId)).Select(e => new KeyedEntry { Key = e.ProductId, Currency = e.Currency, Amount = e.Amount }));
}

internal sealed class GenerationRequestCostLoader(IDbContextFactory<CostsDbContext> contexts) : CostLoader(contexts)
{
    protected override IQueryable<CostGroup> Keyed(IQueryable<LedgerEntry> entries, IReadOnlyList<long> keys) =>
        Group(entries.Where(e => e.GenerationRequestId != null && keys.Contains(e.GenerationRequestId.Value))
            .Select(e => new KeyedEntry { Key = e.GenerationRequestId!.Value, Currency = e.Currency, Amount = e.Amount }));
}

internal sealed class AnalysisRunCostLoader(IDbContextFactory<CostsDbContext> contexts) : CostLoader(contexts)
{
    protected override IQueryable<CostGroup> Keyed(IQueryable<LedgerEntry> entries, IReadOnlyList<long> keys) =>
        Group(entries.Where(e => e.AnalysisRunId != null && keys.Contains(e.AnalysisRunId.Value))
            .Select(e => new KeyedEntry { Key = e.AnalysisRunId!.Value, Currency = e.Currency, Amount = e.Amount }));
}

internal abstract class CostLoader(IDbContextFactory<CostsDbContext> contexts) : DataLoader<long, CostSummary>
{
    protected override CostSummary Missing => CostSummary.None;

    protected abstract IQueryable<CostGroup> Keyed(IQueryable<LedgerEntry> entries, IReadOnlyList<long> keys);

    protected static IQueryable<CostGroup> Group(IQueryable<KeyedEntry> entries) => entries
        .GroupBy(e => new { e.Key, e.Currency })
        .Select(g => new CostGroup
        {
            Key = g.Key.Key,
            Currency = g.Key.Currency,
            Amount = g.Sum(e => e.Amount),
            Calls = g.Count(),
            UnpricedCalls = g.Count(e => e.Amount == null),
        });

    protected override async Task<IReadOnlyDictionary<long, CostSummary>> FetchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var groups = await Keyed(db.Entries.AsNoTracking(), keys).ToListAsync(cancellationToken);
        return groups.GroupBy(g => g.Key).ToDictionary(g => g.Key, CostSummary.From);
    }

    /// <summary>A ledger entry reduced to what a cost sums, under the key of the object asked about.</summary>
    protected sealed class KeyedEntry
    {
        public long Key { get; init; }

        public string? Currency { get; init; }

        public decimal? Amount { get; init; }
    }
}
