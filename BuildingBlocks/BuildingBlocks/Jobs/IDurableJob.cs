namespace ProductDescriber.BuildingBlocks.Jobs;

/// <summary>
/// One kind of background work that survives a crash: it runs at least once per scheduling, possibly again after a
/// Host died under it (<see cref="DurableJobContext.IsRecovery"/>), so it must be idempotent. Resolved from a fresh DI
/// scope per execution. Work whose row is gone (deleted meanwhile) ends quietly: return without doing anything.
/// </summary>
public interface IDurableJob
{
    /// <param name="context">What to work on, and why the token was cancelled if it was.</param>
    /// <param name="cancellationToken">Cancelled at the deadline or when the Host shuts down (the context tells which).</param>
    Task RunAsync(DurableJobContext context, CancellationToken cancellationToken);
}
