using Microsoft.Extensions.Hosting;

namespace ProductDescriber.BuildingBlocks.Hosting;

/// <summary>
/// A hosted service with work in the host's starting stage, which runs before any hosted service's start (so beside
/// the database's start), and perhaps in its own start; its other stages do nothing.
/// </summary>
public abstract class StartingStageService : IHostedLifecycleService
{
    public abstract Task StartingAsync(CancellationToken cancellationToken);

    public virtual Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs CPU-bound start-up work on a thread of its own. Not on the thread pool: it starts with as many workers as
    /// cores, and work that holds them delays every async continuation of the start path (the database's start, the
    /// migrations) until the pool adds a thread, about every half second. On 2 cores, two such tasks on the pool
    /// stretched the data folder's preparation from 0.2 to 0.95 s (bench/README.md, start-up).
    /// </summary>
    protected static Task RunOnOwnThread(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
