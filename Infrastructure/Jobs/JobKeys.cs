using Quartz;

namespace ProductDescriber.Jobs;

/// <summary>
/// A job's identity is the work it does: group = kind, name = work id. So scheduling twice finds the first job, and
/// the sweep can tell whether work has one.
/// </summary>
internal static class JobKeys
{
    public static JobKey For(string kind, string workId) => new(workId, kind);

    public static TriggerKey TriggerFor(string kind, string workId) => new(workId, kind);
}
