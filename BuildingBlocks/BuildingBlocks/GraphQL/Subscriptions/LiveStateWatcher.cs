namespace ProductDescriber.BuildingBlocks.GraphQL.Subscriptions;

/// <summary>
/// One subscriber of a shared <see cref="LiveStateHub{T}"/>: calls its observer one call at a time, each state at
/// most once and never an older one after a newer (the state handed over on joining may race the hub's next
/// emission), and nothing after the end or after the subscriber left.
/// </summary>
internal sealed class LiveStateWatcher<T>(IObserver<T> observer) : IDisposable
    where T : class
{
    private readonly Lock _gate = new();
    private volatile LiveStateHub<T>? _hub;
    private long _delivered;
    private bool _done;
    private int _left;

    public void Joined(LiveStateHub<T> hub)
    {
        _hub = hub;
        if (Volatile.Read(ref _left) != 0)
        {
            // Disposed while joining (the observer left during its first state): leave now.
            hub.Leave(this);
        }
    }

    public void Deliver(T state, long version)
    {
        lock (_gate)
        {
            if (_done || version <= _delivered)
            {
                return;
            }

            _delivered = version;
            observer.OnNext(state);
        }
    }

    public void Complete() => Finish(observer.OnCompleted);

    public void Fail(Exception error) => Finish(() => observer.OnError(error));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _left, 1) != 0)
        {
            return;
        }

        lock (_gate)
        {
            _done = true;
        }

        _hub?.Leave(this);
    }

    private void Finish(Action call)
    {
        lock (_gate)
        {
            if (_done)
            {
                return;
            }

            _done = true;
            call();
        }
    }
}
