using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.Specs.Persistence;

namespace ProductDescriber.Specs.Analysis;

/// <summary>For budgets: unfinished analyses, one call each still to pay for (a run's answered call is written with its outcome).</summary>
internal sealed class PendingAnalysisSpend(IDbContextFactory<SpecsDbContext> contexts) : IPendingSpendSource
{
    public async Task<IReadOnlyList<PlannedSpend>> ListUnfinishedAsync(long? userId, long productId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AnalysisRuns.AsNoTracking()
            .Where(r => (r.Status == AnalysisStatus.Pending || r.Status == AnalysisStatus.Running) && (r.ProductId == productId || (userId != null && r.RequestedById == userId)))
            .Select(r => new PlannedSpend(r.RequestedById, r.ProductId, PaidCallKind.Vision, r.Provider, r.Model, null, 1))
            .ToListAsync(cancellationToken);
    }
}
