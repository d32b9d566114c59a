namespace ProductDescriber.BuildingBlocks.Jobs;

/// <summary>Schedules durable jobs on the cluster of Hosts sharing the database.</summary>
public interface IJobScheduler
{
    /// <summary>
    /// Schedules <paramref name="kind"/> for <paramref name="workId"/> to run now, at least once. Idempotent: a job
    /// already scheduled (or running) for the same (kind, workId) is kept and this returns normally.
    /// </summary>
    Task ScheduleAsync(string kind, string workId, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="ScheduleAsync(string, string, CancellationToken)"/>, but no Host claims it before
    /// <paramref name="notBefore"/> (a retry after a back-off). It runs at the first poll after that time, so up to
    /// <c>Jobs:PollInterval</c> later. Idempotent the same way: an existing job for (kind, workId) keeps its own time.
    /// </summary>
    Task ScheduleAsync(string kind, string workId, DateTimeOffset notBefore, CancellationToken cancellationToken);
}
