using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.Jobs;

namespace ProductDescriber.Jobs;

/// <summary>
/// <see cref="IJobScheduler"/> on the <see cref="JobQueue"/>: one row per (kind, work id), so scheduling the same
/// work twice keeps the first job. This Host's runner is woken at once; the other Hosts through the event bus (or
/// their next poll, if the event is lost).
/// </summary>
internal sealed class PostgresJobScheduler(JobQueue queue, JobWakeUp wakeUp, IEventBus bus) : IJobScheduler
{
    public async Task ScheduleAsync(string kind, string workId, CancellationToken cancellationToken) =>
        await TryScheduleAsync(kind, workId, cancellationToken);

    public async Task ScheduleAsync(string kind, string workId, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(workId);

        // Not due yet: no Host is woken for it; the runners' polls find it once it is.
        await queue.AddAsync(kind, workId, notBefore, cancellationToken);
    }

    /// <summary>True when the work had no job and now has one.</summary>
    public async Task<bool> TryScheduleAsync(string kind, string workId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(workId);
        if (!await queue.AddAsync(kind, workId, cancellationToken))
        {
            return false;
        }

        // A Host with a free worker claims it itself; only a busy one asks the others for help.
        if (!wakeUp.Signal())
        {
            await PublishAsync(cancellationToken);
        }

        return true;
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        try
        {
            await bus.PublishAsync(JobWakeUp.Topic, "", cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The job is stored: the other Hosts find it at their next poll.
        }
    }
}
