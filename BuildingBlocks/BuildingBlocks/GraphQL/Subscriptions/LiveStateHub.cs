using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.Persistence;

namespace ProductDescriber.BuildingBlocks.GraphQL.Subscriptions;

/// <summary>
/// The one read loop of a topic on this Host, shared by its watchers: reads, compares, hands a changed state to
/// every watcher, then waits for a signal, so reads never overlap. Bus events only set the signal: a burst of them
/// while a read runs leaves one signal, hence one more read. It lives while someone watches: the last watcher
/// leaving stops it (bus subscriptions, read in flight); a final state, NOT_FOUND or a failed read ends it, and a
/// later subscriber starts a new one.
/// </summary>
internal sealed class LiveStateHub<T>(LiveStateHubs hubs, LiveStateKey key, LiveStateSource<T> source) : ILiveStateHub
    where T : class
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private IDisposable? _changes;
    private IDisposable? _resumed;
    private int _stopped;

    // Under hubs.Gate.
    private LiveStateWatcher<T>[] _watchers = [];
    private T? _emitted;
    private long _version;
    private bool _ending;

    /// <summary>Adds a watcher unless the hub is ending; hands back the last state emitted (null before the first). Under hubs.Gate.</summary>
    public bool TryJoin(LiveStateWatcher<T> watcher, out T? state, out long version)
    {
        state = _emitted;
        version = _version;
        if (_ending)
        {
            return false;
        }

        _watchers = [.. _watchers, watcher];
        return true;
    }

    /// <summary>Listen first, read second: an event published between the two sets the signal and costs one re-read. Under hubs.Gate.</summary>
    public void Start()
    {
        _changes = source.Bus.Observe(source.Topic).Subscribe(_ => Signal());
        _resumed = source.Bus.Observe(IEventBus.ResumedTopic).Subscribe(_ => Signal());

        // Off the subscriber's thread, and out of the lock: a read may complete synchronously.
        _ = Task.Run(() => RunAsync(_stop.Token));
    }

    public void Leave(LiveStateWatcher<T> watcher)
    {
        lock (hubs.Gate)
        {
            _watchers = Array.FindAll(_watchers, w => !ReferenceEquals(w, watcher));
            if (_watchers.Length > 0 || _ending)
            {
                return;
            }

            _ending = true;
            hubs.Forget(key, this);
        }

        Stop();
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
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
        T? previous = null;
        try
        {
            while (true)
            {
                T? state;
                try
                {
                    state = await ReadAsync(previous, stop);
                }
                catch (Exception exception) when (DatabaseOutage.IsCause(exception) && !stop.IsCancellationRequested)
                {
                    // The database is away; the bus lost its connection too and signals when it listens again.
                    await _signal.WaitAsync(stop);
                    continue;
                }

                if (state is null)
                {
                    var error = new ExecutionError("What this subscription watches does not exist.") { Code = "NOT_FOUND" };
                    foreach (var watcher in End())
                    {
                        watcher.Fail(error);
                    }

                    return;
                }

                previous = state;
                if (!Emit(state, out var watchers, out var version, out var final))
                {
                    return;
                }

                foreach (var watcher in watchers)
                {
                    watcher.Deliver(state, version);
                }

                if (final)
                {
                    foreach (var watcher in watchers)
                    {
                        watcher.Complete();
                    }

                    Stop();
                    return;
                }

                await _signal.WaitAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The last watcher left: nothing more goes out.
        }
        catch (Exception exception)
        {
            foreach (var watcher in End())
            {
                watcher.Fail(exception);
            }
        }
    }

    private async Task<T?> ReadAsync(T? previous, CancellationToken stop)
    {
        await using var scope = source.Scopes.CreateAsyncScope();
        return await source.Read(scope.ServiceProvider, previous, stop);
    }

    /// <summary>
    /// Records <paramref name="state"/> as emitted if it changed (the watchers to hand it to come back; none when it
    /// did not change), and ends the hub if it is final. False when the last watcher left meanwhile.
    /// </summary>
    private bool Emit(T state, out LiveStateWatcher<T>[] watchers, out long version, out bool final)
    {
        final = source.IsFinal(state);
        lock (hubs.Gate)
        {
            watchers = [];
            version = _version;
            if (_ending)
            {
                return false;
            }

            if (_emitted is null || !source.Comparer.Equals(_emitted, state))
            {
                _emitted = state;
                version = ++_version;
                watchers = _watchers;
            }
            else if (final)
            {
                // Unchanged but final: the watchers have it already and only need to hear the end.
                watchers = _watchers;
            }

            if (final)
            {
                // Watchers arriving from now on start a new hub, whose first read finds the final state.
                _ending = true;
                hubs.Forget(key, this);
            }
        }

        return true;
    }

    /// <summary>Ends the hub; the watchers it had, to tell them.</summary>
    private LiveStateWatcher<T>[] End()
    {
        LiveStateWatcher<T>[] watchers;
        lock (hubs.Gate)
        {
            watchers = _ending ? [] : _watchers;
            _ending = true;
            hubs.Forget(key, this);
        }

        Stop();
        return watchers;
    }
}
