namespace ProductDescriber.BuildingBlocks.Jobs;

/// <summary>Schedules durable jobs on the cluster of Hosts sharing the database.</summary>
public interface IJobScheduler
{
    /// <summary>
    /// Schedules <paramref name="kind"/> for <paramref name="workId"/> to run now, at least once. Idempotent: a job
    /// already scheduled (or running) for the same (kind, workId) is kept and this returns normally.
    /// </summary>
    Task ScheduleAsync(string kind, string workId, CancellationToken cancellationToken);
}
