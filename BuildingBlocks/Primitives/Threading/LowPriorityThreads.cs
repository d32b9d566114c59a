using System.Collections.Concurrent;

namespace ProductDescriber.BuildingBlocks.Threading;

/// <summary>
/// A few dedicated threads for CPU-bound bulk work (bcrypt, image decoding), running below the request threads'
/// priority (<see cref="BackgroundThreadPriority"/>). Kept off the thread pool on purpose: the pool starts with one
/// worker per core, so on two cores a worker held for tens of milliseconds delays every async continuation queued
/// behind it (requests, subscription deliveries) until the pool injects another. The threads bound how many cores
/// the work takes; the priority decides who gets a core when both want one (ADR 0042, ADR 0043).
/// </summary>
public sealed class LowPriorityThreads : IDisposable
{
    private readonly BlockingCollection<Action> _queue;
    private int _lowered;

    /// <param name="name">Names the threads <c>{name}-{i}</c>, as traces and dumps show them.</param>
    /// <param name="threadCount">How many threads, so how many cores the work may take at most.</param>
    /// <param name="queueLength">How much work may wait; beyond it <see cref="TryRun{T}"/> refuses. Null: unbounded.</param>
    public LowPriorityThreads(string name, int threadCount, int? queueLength = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        _queue = queueLength is { } length ? new BlockingCollection<Action>(length) : new BlockingCollection<Action>();
        for (var i = 0; i < threadCount; i++)
        {
            new Thread(Work) { IsBackground = true, Name = $"{name}-{i}" }.Start();
        }
    }

    /// <summary>Whether the threads lowered their priority (Linux only; false before the first has started).</summary>
    public bool LoweredPriority => Volatile.Read(ref _lowered) > 0;

    /// <summary>
    /// Queues <paramref name="work"/> for one of the threads; false at once, and nothing queued, when the queue is
    /// full. Cancelled while it waits, <paramref name="task"/> ends cancelled and the work never runs; once started,
    /// the work observes the token itself if it can.
    /// </summary>
    public bool TryRun<T>(Func<T> work, out Task<T> task, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            task = Task.FromCanceled<T>(cancellationToken);
            return true;
        }

        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = cancellationToken.Register(
            static (state, token) => ((TaskCompletionSource<T>)state!).TrySetCanceled(token), completion);
        if (!_queue.TryAdd(() => Execute(work, completion, registration, cancellationToken)))
        {
            registration.Dispose();
            task = Task.FromException<T>(new InvalidOperationException("The queue is full."));
            return false;
        }

        task = completion.Task;
        return true;
    }

    /// <summary>Lets the threads finish what is queued and end; nothing more may be queued.</summary>
    public void Dispose() => _queue.CompleteAdding();

    private static void Execute<T>(Func<T> work, TaskCompletionSource<T> completion, CancellationTokenRegistration registration, CancellationToken cancellationToken)
    {
        registration.Dispose();
        if (completion.Task.IsCompleted)
        {
            return; // its caller gave up while it waited
        }

        try
        {
            completion.TrySetResult(work());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            completion.TrySetCanceled(cancellationToken);
        }
        catch (Exception exception)
        {
            completion.TrySetException(exception);
        }
    }

    private void Work()
    {
        if (BackgroundThreadPriority.TryLowerCurrentThread())
        {
            Interlocked.Increment(ref _lowered);
        }

        // Blocking is the point: these threads exist only to run this work off the thread pool.
        foreach (var item in _queue.GetConsumingEnumerable())
        {
            item();
        }
    }
}
