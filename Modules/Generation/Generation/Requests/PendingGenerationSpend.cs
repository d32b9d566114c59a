using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.Generation.Persistence;

namespace ProductDescriber.Generation.Requests;

/// <summary>For budgets: the pictures unfinished requests have still to pay for (those stored are in the ledger already).</summary>
internal sealed class PendingGenerationSpend(IDbContextFactory<GenerationDbContext> contexts) : IPendingSpendSource
{
    public async Task<IReadOnlyList<PlannedSpend>> ListUnfinishedAsync(long? userId, long productId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Requests.AsNoTracking()
            .Where(r => (r.Status == GenerationStatus.Pending || r.Status == GenerationStatus.Running) && (r.ProductId == productId || (userId != null && r.RequestedById == userId)))
            .Select(r => new PlannedSpend(r.RequestedById, r.ProductId, PaidCallKind.Image, r.Provider, r.Model, r.Resolution, r.Count - r.ImagesDone))
            .ToListAsync(cancellationToken);
    }
}
