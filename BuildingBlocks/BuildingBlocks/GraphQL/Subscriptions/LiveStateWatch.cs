using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.Persistence;

namespace ProductDescriber.BuildingBlocks.GraphQL.Subscriptions;

/// <summary>
/// One subscriber's watch: a single loop reads, compares, emits and then waits for a signal, so reads never overlap
/// and the observer is called from one place at a time. Bus events only set the signal: a burst of them while a read
/// runs leaves one signal, hence one more read.
/// </summary>
internal sealed class LiveStateWatch<T>(LiveStateSource<T> source, IObserver<T> observer) : IDisposable
    where T : class
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private IDisposable? _changes;
    private IDisposable? _resumed;
    private int _disposed;

    public void Start()
    {
        // Listen first, read second: an event published between the two sets the signal and costs one re-read.
        var signal = new SignalObserver(this);
        _changes = source.Bus.Observe(source.Topic).Subscribe(signal);
        _resumed = source.Bus.Observe(IEventBus.ResumedTopic).Subscribe(signal);
        _ = RunAsync(_stop.Token);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _changes?.Dispose();
            _resumed?.Dispose();
            _stop.Cancel();
        }
    }

    private void Signal()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another event set it between the check and the release: one pending re-read covers both.
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        T? last = null;
        try
        {
            while (true)
            {
                T? state;
                try
                {
                    state = await ReadAsync(stop);
                }
                catch (Exception exception) when (DatabaseOutage.IsCause(exception) && !stop.IsCancellationRequested)
                {
                    // The database is away; the bus lost its connection too and signals when it listens again.
                    await _signal.WaitAsync(stop);
                    continue;
                }

                if (state is null)
                {
                    Finish(() => observer.OnError(new ExecutionError("What this subscription watches does not exist.") { Code = "NOT_FOUND" }));
                    return;
                }

                if (last is null || !source.Comparer.Equals(last, state))
                {
                    last = state;
                    if (!Deliver(() => observer.OnNext(state)))
                    {
                        return;
                    }
                }

                if (source.IsFinal(state))
                {
                    Finish(observer.OnCompleted);
                    return;
                }

                await _signal.WaitAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Unsubscribed: nothing more goes to the observer.
        }
        catch (Exception exception)
        {
            Finish(() => observer.OnError(exception));
        }
    }

    private async Task<T?> ReadAsync(CancellationToken stop)
    {
        await using var scope = source.Scopes.CreateAsyncScope();
        return await source.Read(scope.ServiceProvider, stop);
    }

    /// <summary>Calls the observer unless the subscriber left; false when it left.</summary>
    private bool Deliver(Action call)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        call();
        return true;
    }

    /// <summary>The last call to the observer; the bus subscriptions go with it.</summary>
    private void Finish(Action call)
    {
        Deliver(call);
        Dispose();
    }

    private sealed class SignalObserver(LiveStateWatch<T> watch) : IObserver<string>
    {
        public void OnNext(string value) => watch.Signal();

        public void OnError(Exception error) => watch.Signal();

        public void OnCompleted()
        {
        }
    }
}
