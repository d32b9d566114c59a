using Microsoft.Extensions.Options;
using Npgsql;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.BuildingBlocks.Persistence;
using Quartz;

namespace ProductDescriber.Jobs;

/// <summary>
/// Closes the gap between a work row's commit and its scheduling (docs/adr/0024): at start-up and every
/// <see cref="JobsOptions.SweepInterval"/>, asks each module for unfinished work older than
/// <see cref="JobsOptions.SweepGrace"/> and schedules what has no job. Every Host sweeps; scheduling is idempotent,
/// so two sweeps finding the same work make one job.
/// </summary>
internal sealed partial class UnfinishedWorkSweep(
    SchedulerStartup startup,
    IServiceProvider services,
    IJobScheduler jobs,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<UnfinishedWorkSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IScheduler scheduler;
        try
        {
            scheduler = await startup.Started.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        // The sweep's reads run on their own timer: left out of the statement count tests take around a request.
        using var uncounted = SqlStatementCounter.Uncounted();

        // Resolved only now: sources may need the database, which is not up while hosted services are built.
        var sources = services.GetServices<IUnfinishedWorkSource>().ToList();
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            await SweepOnceAsync(scheduler, sources, stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>One pass over every source; a source that fails is logged and tried again next time.</summary>
    internal async Task<int> SweepOnceAsync(IScheduler scheduler, IReadOnlyList<IUnfinishedWorkSource> sources, CancellationToken cancellationToken)
    {
        var scheduled = 0;
        var olderThan = time.GetUtcNow() - options.Value.SweepGrace;
        foreach (var source in sources)
        {
            try
            {
                foreach (var workId in await source.ListUnfinishedAsync(olderThan, cancellationToken))
                {
                    if (!await scheduler.Exists(JobKeys.For(source.Kind, workId), cancellationToken))
                    {
                        LogRescheduling(source.Kind, workId);
                        await jobs.ScheduleAsync(source.Kind, workId, cancellationToken);
                        scheduled++;
                    }
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or SchedulerException or InvalidOperationException or TimeoutException)
            {
                LogSweepFailed(exception, source.Kind);
            }
        }

        return scheduled;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable jobs: {Kind}/{WorkId} is unfinished and has no job; scheduling it again")]
    private partial void LogRescheduling(string kind, string workId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable jobs: the sweep of {Kind} failed; it runs again at the next interval")]
    private partial void LogSweepFailed(Exception exception, string kind);
}
