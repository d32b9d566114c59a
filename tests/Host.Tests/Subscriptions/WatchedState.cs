using System.Collections.Concurrent;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.GraphQL.Subscriptions;

namespace ProductDescriber.Host.Tests.Subscriptions;

/// <summary>
/// What a LiveState test watches: a status held in memory (the test changes it as a module's job changes a row),
/// read through <see cref="LiveState.Watch{T}"/> on the Host's real event bus. It counts reads, tells when they
/// overlap, and can hold a read until the test lets it return what it saw when it began.
/// </summary>
internal sealed class WatchedState
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _hold;
    private int _inFlight;

    public string? Status { get; set; } = "PENDING";

    public string Topic { get; } = $"live-state-test:{Guid.NewGuid():N}";

    public int Reads;

    public int MaxConcurrentReads;

    public int CancelledReads;

    /// <summary>Completed when a read is waiting on <see cref="Hold"/>.</summary>
    public TaskCompletionSource ReadHeld { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The next reads wait until <see cref="Release"/>, then return the status they saw when they began.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ReadHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _hold?.TrySetResult();
            _hold = null;
        }
    }

    public IObservable<Snapshot> Watch(IServiceProvider services) =>
        LiveState.Watch(
            services.GetRequiredService<IServiceScopeFactory>(),
            services.GetRequiredService<IEventBus>(),
            Topic,
            ReadAsync,
            snapshot => snapshot.Status is "SUCCEEDED" or "FAILED");

    private async Task<Snapshot?> ReadAsync(IServiceProvider scope, CancellationToken cancellationToken)
    {
        Assert.NotNull(scope);
        var seen = Status;
        Interlocked.Increment(ref Reads);
        var inFlight = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref MaxConcurrentReads, inFlight);
        try
        {
            Task? hold;
            lock (_gate)
            {
                hold = _hold?.Task;
            }

            if (hold is not null)
            {
                ReadHeld.TrySetResult();
                try
                {
                    await hold.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref CancelledReads);
                    throw;
                }
            }

            return seen is null ? null : new Snapshot(seen);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    public sealed record Snapshot(string Status);
}

/// <summary>Records what a stream delivers, in order.</summary>
internal sealed class StreamRecorder<T> : IObserver<T>
{
    public ConcurrentQueue<T> Values { get; } = new();

    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? Error { get; private set; }

    public bool Completed { get; private set; }

    public void OnNext(T value) => Values.Enqueue(value);

    public void OnError(Exception error)
    {
        Error = error;
        Ended.TrySetResult();
    }

    public void OnCompleted()
    {
        Completed = true;
        Ended.TrySetResult();
    }

    public ExecutionError? ExecutionError => Error as ExecutionError;
}
