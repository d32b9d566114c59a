using Microsoft.Extensions.Options;
using Npgsql;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.BuildingBlocks.Persistence;

namespace ProductDescriber.Jobs;

/// <summary>
/// Closes the gap between a work row's commit and its scheduling (docs/adr/0024): at start-up and every
/// <see cref="JobsOptions.SweepInterval"/>, asks each module for unfinished work older than
/// <see cref="JobsOptions.SweepGrace"/> and schedules what has no job. Every Host sweeps; scheduling is idempotent,
/// so two sweeps finding the same work make one job.
/// </summary>
internal sealed partial class UnfinishedWorkSweep(
    JobRunner runner,
    IServiceProvider services,
    PostgresJobScheduler jobs,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<UnfinishedWorkSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await runner.Started.WaitAsync(stoppingToken);
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
            await SweepOnceAsync(sources, stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>One pass over every source; a source that fails is logged and tried again next time.</summary>
    internal async Task<int> SweepOnceAsync(IReadOnlyList<IUnfinishedWorkSource> sources, CancellationToken cancellationToken)
    {
        var scheduled = 0;
        var olderThan = time.GetUtcNow() - options.Value.SweepGrace;
        foreach (var source in sources)
        {
            try
            {
                foreach (var workId in await source.ListUnfinishedAsync(olderThan, cancellationToken))
                {
                    if (await jobs.TryScheduleAsync(source.Kind, workId, cancellationToken))
                    {
                        LogRescheduling(source.Kind, workId);
                        scheduled++;
                    }
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
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
