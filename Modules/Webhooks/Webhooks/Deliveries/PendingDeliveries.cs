using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.Webhooks.Persistence;

namespace ProductDescriber.Webhooks.Deliveries;

/// <summary>
/// The sweep's source for deliveries: PENDING ones whose next attempt was due before <c>olderThan</c>, as the work id
/// of that attempt. It finds deliveries whose job was never scheduled (a crash after the event's commit, or between
/// recording an attempt and scheduling the next); a job that exists for that attempt keeps it scheduled once.
/// </summary>
internal sealed class PendingDeliveries(IDbContextFactory<WebhooksDbContext> contexts) : IUnfinishedWorkSource
{
    public string Kind => DeliveryJob.Kind;

    public async Task<IReadOnlyList<string>> ListUnfinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var due = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt < olderThan)
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => new { d.Id, d.AttemptCount })
            .Take(1000)
            .ToListAsync(cancellationToken);
        return [.. due.Select(d => DeliveryJob.WorkId(d.Id, d.AttemptCount + 1))];
    }
}
