using ProductDescriber.BuildingBlocks.Threading;
using ProductDescriber.TestSupport;

namespace ProductDescriber.BuildingBlocks.Tests.Threading;

public sealed class LowPriorityThreadsTests
{
    [Fact]
    public async Task Work_runs_on_the_named_threads_never_on_the_thread_pool()
    {
        using var threads = new LowPriorityThreads("bulk", threadCount: 2);

        var seen = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Run(threads, () => (Pool: Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name))));

        Assert.All(seen, s =>
        {
            Assert.False(s.Pool);
            Assert.StartsWith("bulk-", s.Name, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Work_runs_below_the_priority_of_the_thread_pool_on_linux()
    {
        using var threads = new LowPriorityThreads("bulk", threadCount: 1);
        if (!OperatingSystem.IsLinux())
        {
            await Run(threads, () => 0);
            Assert.False(threads.LoweredPriority);
            return;
        }

        var onBulk = await Run(threads, ThreadNiceness.OfCurrentThread);
        var onPool = await Task.Run(ThreadNiceness.OfCurrentThread);

        Assert.True(threads.LoweredPriority);
        Assert.Equal(BackgroundThreadPriority.Niceness, onBulk - onPool);
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_and_accepts_again_once_drained()
    {
        using var threads = new LowPriorityThreads("bulk", threadCount: 1, queueLength: 1);
        using var release = new ManualResetEventSlim();
        var busy = await OccupyAsync(threads, release);
        Assert.True(threads.TryRun(() => true, out var queued));

        var accepted = threads.TryRun(() => true, out var refused);

        Assert.False(accepted);
        Assert.True(refused.IsFaulted);
        release.Set();
        Assert.True(await busy);
        Assert.True(await queued);
        Assert.True(await Run(threads, () => true));
    }

    [Fact]
    public async Task Work_whose_caller_gave_up_while_it_waited_never_runs()
    {
        using var threads = new LowPriorityThreads("bulk", threadCount: 1);
        using var release = new ManualResetEventSlim();
        var busy = await OccupyAsync(threads, release);
        using var cancellation = new CancellationTokenSource();
        var ran = false;

        var abandoned = Run(threads, () => ran = true, cancellation.Token);
        await cancellation.CancelAsync();

        // The caller is free at once, while the only thread is still busy.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        release.Set();
        Assert.True(await busy);
        Assert.True(await Run(threads, () => true), "the thread went on to the next work");
        Assert.False(ran);
    }

    [Fact]
    public async Task A_failure_of_the_work_reaches_its_caller_and_the_thread_lives_on()
    {
        using var threads = new LowPriorityThreads("bulk", threadCount: 1);

        var failed = Run<int>(threads, () => throw new InvalidDataException("not an image"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => failed);
        Assert.Equal("not an image", error.Message);
        Assert.Equal(2, await Run(threads, () => 2));
    }

    private static Task<T> Run<T>(LowPriorityThreads threads, Func<T> work, CancellationToken cancellationToken = default)
    {
        Assert.True(threads.TryRun(work, out var task, cancellationToken), "the work was queued");
        return task;
    }

    /// <summary>Keeps the only thread busy until <paramref name="release"/> is set; returns once the work has started.</summary>
    private static async Task<Task<bool>> OccupyAsync(LowPriorityThreads threads, ManualResetEventSlim release)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = Run(threads, () =>
        {
            started.SetResult();
            return release.Wait(TimeSpan.FromSeconds(30));
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return busy;
    }
}
