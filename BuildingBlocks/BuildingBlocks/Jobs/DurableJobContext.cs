namespace ProductDescriber.BuildingBlocks.Jobs;

/// <summary>
/// One execution of a durable job. When its token is cancelled, <see cref="DeadlineExceeded"/> and
/// <see cref="ShuttingDown"/> say why: past the deadline the job fails its work (it will not get faster); on shutdown
/// it leaves the work as it is, and the job runs again on another Host or after the restart.
/// </summary>
public sealed class DurableJobContext(
    string kind,
    string workId,
    bool isRecovery,
    DateTimeOffset deadline,
    CancellationToken deadlineReached = default,
    CancellationToken shutdown = default)
{
    /// <summary>The kind of job, as registered with <see cref="DurableJobRegistration.AddDurableJob{TJob, TSource}"/>.</summary>
    public string Kind { get; } = kind;

    /// <summary>What to work on, e.g. a run's id.</summary>
    public string WorkId { get; } = workId;

    /// <summary>True when this execution re-runs one that a Host was running when it died.</summary>
    public bool IsRecovery { get; } = isRecovery;

    /// <summary>When this execution's token is cancelled at the latest.</summary>
    public DateTimeOffset Deadline { get; } = deadline;

    /// <summary>True once the deadline passed (the token is cancelled).</summary>
    public bool DeadlineExceeded => deadlineReached.IsCancellationRequested;

    /// <summary>True once the Host began shutting down (the token is cancelled); the work is left for recovery.</summary>
    public bool ShuttingDown => shutdown.IsCancellationRequested;
}
