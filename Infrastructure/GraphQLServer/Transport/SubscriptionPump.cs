using System.Threading.Channels;
using GraphQL;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Transport;

/// <summary>
/// Decouples a subscription's event source from the client's socket: events land in a bounded queue without ever
/// waiting, and the transport drains it at the client's pace. A client that falls <see cref="Capacity"/> events
/// behind is cut off (its stream ends with an error) instead of slowing the publisher or other subscribers.
/// </summary>
internal sealed class SubscriptionPump : IObserver<ExecutionResult>, IDisposable
{
    public const int Capacity = 256;

    private readonly Channel<ExecutionResult> _queue = Channel.CreateBounded<ExecutionResult>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    // Never disposed: it has no timer or handle, and OnNext may still race a Dispose.
    private readonly CancellationTokenSource _overflowed = new();
    private IDisposable? _subscription;

    public ChannelReader<ExecutionResult> Events => _queue.Reader;

    /// <summary>
    /// Cancelled the moment the client falls too far behind, while <see cref="Events"/> still hands out the backlog
    /// before it fails: a transport waiting on a stalled client can give up at once.
    /// </summary>
    public CancellationToken Overflowed => _overflowed.Token;

    public static SubscriptionPump Start(IObservable<ExecutionResult> source)
    {
        var pump = new SubscriptionPump();
        pump._subscription = source.Subscribe(pump);
        return pump;
    }

    public void OnNext(ExecutionResult value)
    {
        if (!_queue.Writer.TryWrite(value) && _queue.Writer.TryComplete(new SlowSubscriberException($"The client fell more than {Capacity} events behind.")))
        {
            _overflowed.Cancel();
            _subscription?.Dispose();
        }
    }

    public void OnError(Exception error)
    {
        var result = new ExecutionResult
        {
            Errors = [error as ExecutionError ?? new ExecutionError("The event stream failed.") { Code = "STREAM_FAILED" }],
        };
        _queue.Writer.TryWrite(result);
        _queue.Writer.TryComplete();
    }

    public void OnCompleted() => _queue.Writer.TryComplete();

    public void Dispose()
    {
        _subscription?.Dispose();
        _queue.Writer.TryComplete();
    }
}

internal sealed class SlowSubscriberException(string reason) : Exception(reason);
