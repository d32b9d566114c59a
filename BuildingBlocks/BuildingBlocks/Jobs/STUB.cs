// STUB: replaced by the helper's real seam at merge.
using Microsoft.Extensions.DependencyInjection;
namespace ProductDescriber.BuildingBlocks.Jobs;
public interface IDurableJob { Task RunAsync(DurableJobContext context, CancellationToken cancellationToken); }
public sealed class DurableJobContext
{
    public string WorkId { get; init; } = "";
    public string Kind { get; init; } = "";
    public bool IsRecovery { get; init; }
    public DateTimeOffset Deadline { get; init; }
    public bool DeadlineExceeded { get; init; }
    public bool ShuttingDown { get; init; }
}
public interface IJobScheduler { Task ScheduleAsync(string kind, string workId, CancellationToken cancellationToken); }
public interface IUnfinishedWorkSource { string Kind { get; } Task<IReadOnlyList<string>> ListUnfinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken); }
public static class DurableJobRegistration
{
    public static IServiceCollection AddDurableJob<TJob, TSource>(this IServiceCollection services, string kind)
        where TJob : class, IDurableJob where TSource : class, IUnfinishedWorkSource => services;
}
