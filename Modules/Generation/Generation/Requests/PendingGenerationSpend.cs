using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.Generation.Descriptions;
using ProductDescriber.Generation.Persistence;

namespace ProductDescriber.Generation.Requests;

/// <summary>
/// For budgets: the pictures unfinished requests have still to pay for (those stored are in the ledger already), and
/// the descriptions still to be paid for: every picture of an unfinished request that describes its pictures (its
/// worst case), and each unfinished description of a picture stored earlier.
/// </summary>
internal sealed class PendingGenerationSpend(IDbContextFactory<GenerationDbContext> contexts) : IPendingSpendSource
{
    public async Task<IReadOnlyList<PlannedSpend>> ListUnfinishedAsync(long? userId, long productId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unfinished = await db.Requests.AsNoTracking()
            .Where(r => (r.Status == GenerationStatus.Pending || r.Status == GenerationStatus.Running) && (r.ProductId == productId || (userId != null && r.RequestedById == userId)))
            .Select(r => new { r.Id, r.RequestedById, r.ProductId, r.Provider, r.Model, r.Resolution, Left = r.Count - r.ImagesDone, r.Count, r.DescribeProvider })
            .ToListAsync(cancellationToken);
        var spends = unfinished.Select(r => new PlannedSpend(r.RequestedById, r.ProductId, PaidCallKind.Image, r.Provider, r.Model, r.Resolution, r.Left)).ToList();
        spends.AddRange(unfinished
            .Where(r => r.DescribeProvider is not null)
            .Select(r => new PlannedSpend(r.RequestedById, r.ProductId, PaidCallKind.Vision, r.DescribeProvider!, null, null, r.Count)));

        // Descriptions of pictures whose request has finished (or was asked again with describeGeneratedImage).
        var unfinishedIds = unfinished.Select(r => r.Id).ToArray();
        var describing = await db.Images.AsNoTracking()
            .Where(i => (i.DescriptionStatus == DescriptionStatus.Pending || i.DescriptionStatus == DescriptionStatus.Running) && !unfinishedIds.Contains(i.RequestId))
            .Where(i => i.ProductId == productId || userId != null)
            .Select(i => new { i.ProductId, i.Description })
            .ToListAsync(cancellationToken);
        spends.AddRange(describing
            .Where(i => i.Description is { } d && (i.ProductId == productId || (userId != null && d.RequestedById == userId)))
            .Select(i => new PlannedSpend(i.Description!.RequestedById, i.ProductId, PaidCallKind.Vision, i.Description.Provider, null, null, 1)));
        return spends;
    }
}
