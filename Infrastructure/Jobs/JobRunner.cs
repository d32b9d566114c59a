using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.Hosting;
using ProductDescriber.BuildingBlocks.Persistence;

namespace ProductDescriber.Jobs;

/// <summary>
/// This Host's part of the cluster: claims jobs from the <see cref="JobQueue"/> while it has free workers
/// (<see cref="JobsOptions.WorkerThreads"/>), runs each through <see cref="JobExecution"/>, renews the leases of
/// those it holds every <see cref="JobsOptions.CheckinInterval"/>, and looks again when woken (a job scheduled
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

    private readonly Guid _owner = Guid.NewGuid();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Dictionary<JobClaim, Task> _running = [];
    private readonly Lock _runningLock = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SemaphoreSlim? _workers;
    private Task? _loop;
    private Task? _heartbeat;
    private IDisposable? _busSubscription;

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
            [bus.Observe(JobWakeUp.Topic).Subscribe(new WakeOnEvent(wakeUp)), bus.Observe(IEventBus.ResumedTopic).Subscribe(new WakeOnEvent(wakeUp))]);

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

                foreach (var claim in claims)
                {
                    Start(claim, workers);
                }

                var idle = free - claims.Count;
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

    private void Start(JobClaim claim, SemaphoreSlim workers)
    {
        lock (_runningLock)
        {
            _running[claim] = RunAsync(claim, workers);
        }
    }

    private async Task RunAsync(JobClaim claim, SemaphoreSlim workers)
    {
        await Task.Yield();
        try
        {
            var outcome = await execution.RunAsync(claim, _shutdown.Token);
            if (outcome == JobOutcome.Interrupted)
            {
                await queue.ReleaseAsync(_owner, claim, CancellationToken.None);
            }
            else
            {
                await queue.CompleteAsync(_owner, claim, CancellationToken.None);
            }
        }
        catch (Exception exception)
        {
            // The row could not be deleted or released: the lease runs out and the job runs again, which jobs
            // are written to survive (at least once).
            LogSettleFailed(exception, claim.Kind, claim.WorkId);
        }
        finally
        {
            lock (_runningLock)
            {
                _running.Remove(claim);
            }

            workers.Release();
            wakeUp.Set();
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.CheckinInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                bool any;
                lock (_runningLock)
                {
                    any = _running.Count > 0;
                }

                if (!any)
                {
                    continue;
                }

                try
                {
                    await queue.RenewAsync(_owner, Lease, stopping);
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

    private sealed class WakeOnEvent(JobWakeUp wakeUp) : IObserver<string>
    {
        public void OnNext(string value) => wakeUp.Set();

        public void OnError(Exception error) => wakeUp.Set();

        public void OnCompleted()
        {
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable jobs: {Kind}/{WorkId} ran, but its queue row could not be settled; it runs again when its lease runs out")]
    private partial void LogSettleFailed(Exception exception, string kind, string workId);
}
