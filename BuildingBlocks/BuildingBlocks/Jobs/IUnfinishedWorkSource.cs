namespace ProductDescriber.BuildingBlocks.Jobs;

/// <summary>
/// What a module lists so the recovery sweep can find work that lost its job (a crash between the row's commit and
/// the scheduling, or a job that threw): ids of unfinished work (PENDING/RUNNING rows) created before
/// <c>olderThan</c>. The sweep schedules those that have no job. Registered as a singleton: open a scope per call.
/// </summary>
public interface IUnfinishedWorkSource
{
    /// <summary>The job kind that finishes this work.</summary>
    string Kind { get; }

    Task<IReadOnlyList<string>> ListUnfinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
