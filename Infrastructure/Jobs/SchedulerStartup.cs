using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace ProductDescriber.Jobs;

/// <summary>
/// Starts this Host's Quartz scheduler once the database is up (it is registered after the PostgreSQL
/// infrastructure, and hosted services start in registration order), and stops it first on shutdown with a bounded
/// wait: running jobs are told to stop (their token is cancelled) and what they leave is recovered by the cluster.
/// </summary>
internal sealed partial class SchedulerStartup(
    IServiceProvider services,
    IConfiguration configuration,
    IOptions<JobsOptions> options,
    ILogger<SchedulerStartup> logger) : IHostedService
{
    /// <summary>The schema Quartz keeps its tables in (see <see cref="JobsRegistration"/>'s table prefix).</summary>
    public const string Schema = "quartz";

    /// <summary>How long shutdown waits for cancelled jobs to return before it lets the process go.</summary>
    private static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource<IScheduler> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The running scheduler; completes when it started (never with <c>--migrate-only</c>).</summary>
    public Task<IScheduler> Started => _started.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.GetValue<bool>("MigrateOnly"))
        {
            return;
        }

        // Quartz creates its missing tables itself (ProvisionSchema), but not the schema they live in.
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using (var command = dataSource.CreateCommand($"CREATE SCHEMA IF NOT EXISTS {Schema}"))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        await scheduler.Start(cancellationToken);
        LogStarted(scheduler.SchedulerInstanceId, options.Value.WorkerThreads);
        _started.SetResult(scheduler);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_started.Task.IsCompletedSuccessfully)
        {
            _started.TrySetCanceled(CancellationToken.None);
            return;
        }

        var scheduler = _started.Task.Result;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(ShutdownWait);
        try
        {
            await scheduler.Shutdown(waitForJobsToComplete: true, bounded.Token);
        }
        catch (OperationCanceledException)
        {
            LogShutdownCutShort(ShutdownWait.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable jobs: scheduler {InstanceId} started with {WorkerThreads} worker threads")]
    private partial void LogStarted(string instanceId, int workerThreads);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable jobs: jobs did not stop within {Seconds} s of shutdown; the cluster recovers them")]
    private partial void LogShutdownCutShort(double seconds);
}
