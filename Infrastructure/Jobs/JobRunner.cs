using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.Hosting;
using ProductDescriber.BuildingBlocks.Persistence;

namespace ProductDescriber.Jobs;

/// <summary>
/// This Host's part of the cluster: claims jobs from the <see cref="JobQueue"/> while it has free workers
/// (<see cref="JobsOptions.WorkerThreads"/>), runs each through <see cref="JobExecution"/>, renews the leases of
/// those it runs every <see cref="JobsOptions.CheckinInterval"/>, and looks again when woken (a job scheduled
/// here, or on another Host through the event bus) or every <see cref="JobsOptions.PollInterval"/>. On shutdown it
/// cancels its jobs, waits a bounded time, and releases those that stopped so they run again at once elsewhere.
/// </summary>
internal sealed partial class JobRunner(
    JobQueue queue,
    JobWakeUp wakeUp,
    JobExecution execution,
    IEventBus bus,
    IConfiguration configuration,
    IOptions<JobsOptions> options,
    StartupTimeline timeline,
    ILogger<JobRunner> logger) : IHostedService
{
    /// <summary>How long shutdown waits for cancelled jobs to return before it lets the process go.</summary>
    private static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Tries to delete or free a finished job's row before giving up on it (a statement can fail for a moment: a
    /// connection broken under load, a cancel meant for the job's last query arriving late); about 1.5 s in all,
    /// within the shutdown wait.
    /// </summary>
    private const int SettleAttempts = 4;
    private static readonly TimeSpan SettleBackoff = TimeSpan.FromMilliseconds(250);

    private readonly Guid _owner = Guid.NewGuid();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Dictionary<JobKey, Task> _running = [];
    private readonly Lock _runningLock = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SemaphoreSlim? _workers;
    private Task? _loop;
    private Task? _heartbeat;
    private IDisposable? _busSubscription;

    /// <summary>The owner id this Host's claims carry in the queue.</summary>
    internal Guid Owner => _owner;

    /// <summary>Completes once the queue's table exists and this Host takes jobs (never with <c>--migrate-only</c>).</summary>
    public Task Started => _started.Task;

    private TimeSpan Lease => options.Value.CheckinInterval + options.Value.CheckinMisfireThreshold;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await queue.CreateAsync(cancellationToken);
        timeline.Mark("job queue ready");
        if (configuration.GetValue<bool>("MigrateOnly"))
        {
            return;
        }

        _workers = new SemaphoreSlim(options.Value.WorkerThreads, options.Value.WorkerThreads);
        // Woken by jobs scheduled on other Hosts, and when the bus listens again (what it missed meanwhile is
        // found by looking now).
        _busSubscription = new Subscriptions(
            [bus.Observe(JobWakeUp.Topic).Subscribe(_ => wakeUp.Set()), bus.Observe(IEventBus.ResumedTopic).Subscribe(_ => wakeUp.Set())]);

        // Background loops: their statements are not part of any request the statement-count tests watch.
        using (SqlStatementCounter.Uncounted())
        {
            _loop = Task.Run(() => ClaimLoopAsync(_shutdown.Token), CancellationToken.None);
            _heartbeat = Task.Run(() => HeartbeatLoopAsync(_shutdown.Token), CancellationToken.None);
        }

        LogStarted(_owner, options.Value.WorkerThreads);
        _started.SetResult();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null)
        {
            _started.TrySetCanceled(CancellationToken.None);
            return;
        }

        _busSubscription?.Dispose();
        await _shutdown.CancelAsync();
        await _loop;
        Task[] running;
        lock (_runningLock)
        {
            running = [.. _running.Values];
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(ShutdownWait, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            // Those still running keep their claim; it runs out after the lease and another Host recovers them.
            LogShutdownCutShort(ShutdownWait.TotalSeconds);
        }

        await _heartbeat!;
    }

    private async Task ClaimLoopAsync(CancellationToken stopping)
    {
        var workers = _workers!;
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await workers.WaitAsync(stopping);
                var free = 1;
                while (workers.Wait(0))
                {
                    free++;
                }

                IReadOnlyList<JobClaim> claims;
                try
                {
                    claims = await queue.ClaimAsync(_owner, free, Lease, stopping);
                }
                catch
                {
                    workers.Release(free);
                    throw;
                }

                var started = 0;
                foreach (var claim in claims)
                {
                    started += TryStart(claim, workers) ? 1 : 0;
                }

                var idle = free - started;
                if (idle > 0)
                {
                    workers.Release(idle);
                }

                wakeUp.SetIdleWorkers(workers.CurrentCount);
                failures = 0;
                if (claims.Count < free)
                {
                    // Nothing more to take: sleep until a job is scheduled somewhere, or the poll comes round
                    // (which is also when expired leases of a dead Host are taken over).
                    await wakeUp.WaitAsync(options.Value.PollInterval, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database is away or refused: try again, more slowly each time, up to the poll interval.
                failures++;
                LogClaimFailed(exception);
                var delay = TimeSpan.FromMilliseconds(Math.Min(options.Value.PollInterval.TotalMilliseconds, 250 * Math.Pow(2, failures - 1)));
                try
                {
                    await Task.Delay(delay, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private bool TryStart(JobClaim claim, SemaphoreSlim workers)
    {
        lock (_runningLock)
        {
            if (_running.ContainsKey(claim.Key))
            {
                // Our own job, still running, whose lease lapsed before the heartbeat renewed it: the claim renewed
                // it instead. Running it a second time here would be a false recovery.
                LogLeaseLapsedWhileRunning(claim.Kind, claim.WorkId);
                return false;
            }

            _running[claim.Key] = RunAsync(claim, workers);
            return true;
        }
    }

    private async Task RunAsync(JobClaim claim, SemaphoreSlim workers)
    {
        await Task.Yield();
        try
        {
            var outcome = await execution.RunAsync(claim, _shutdown.Token);
            await SettleAsync(claim, outcome);
        }
        catch (Exception exception)
        {
            // The row could not be deleted or released: no longer renewed, its lease runs out and the job runs again
            // (here or on another Host, as a recovery), which jobs are written to survive (at least once).
            LogSettleFailed(exception, claim.Kind, claim.WorkId);
        }
        finally
        {
            lock (_runningLock)
            {
                _running.Remove(claim.Key);
            }

            workers.Release();
            wakeUp.Set();
        }
    }

    private async Task SettleAsync(JobClaim claim, JobOutcome outcome)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (outcome == JobOutcome.Interrupted)
                {
                    await queue.ReleaseAsync(_owner, claim, CancellationToken.None);
                }
                else
                {
                    await queue.CompleteAsync(_owner, claim, CancellationToken.None);
                }

                return;
            }
            catch (Exception exception) when (attempt < SettleAttempts && exception is not OperationCanceledException)
            {
                LogSettleRetry(exception, claim.Kind, claim.WorkId, attempt);
                await Task.Delay(SettleBackoff * attempt, CancellationToken.None);
            }
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.CheckinInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                JobKey[] running;
                lock (_runningLock)
                {
                    running = [.. _running.Keys];
                }

                if (running.Length == 0)
                {
                    continue;
                }

                try
                {
                    await queue.RenewAsync(_owner, running, Lease, stopping);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogRenewFailed(exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the leases of jobs still running after the shutdown wait run out on their own.
        }
    }

    private sealed class Subscriptions(List<IDisposable> all) : IDisposable
    {
        public void Dispose() => all.ForEach(s => s.Dispose());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable jobs: runner {Owner} started with {WorkerThreads} workers")]
    private partial void LogStarted(Guid owner, int workerThreads);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable jobs: jobs did not stop within {Seconds} s of shutdown; their leases run out and another Host recovers them")]
    private partial void LogShutdownCutShort(double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable jobs: could not claim jobs; trying again")]
    private partial void LogClaimFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable jobs: could not renew this Host's leases; trying again at the next check-in")]
    private partial void LogRenewFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable jobs: the lease of {Kind}/{WorkId} lapsed while it ran here (a late heartbeat); it keeps running, once")]
    private partial void LogLeaseLapsedWhileRunning(string kind, string workId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable jobs: settling the queue row of {Kind}/{WorkId} failed (attempt {Attempt}); trying again")]
    private partial void LogSettleRetry(Exception exception, string kind, string workId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable jobs: {Kind}/{WorkId} ran, but its queue row could not be settled; it runs again when its lease runs out")]
    private partial void LogSettleFailed(Exception exception, string kind, string workId);
}
