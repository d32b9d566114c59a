using GraphQL;
using ProductDescriber.GraphQLServer.Transport;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>
/// Sends a subscription's events straight into the socket's outbox, on the thread that produced them (for a shared
/// live state, its read loop's; docs/adr/0036): no queue of its own and no thread hop per event. A subscription may
/// have <see cref="Capacity"/> events waiting to go out; one more means the client stopped reading: the stream ends
/// with <see cref="SlowSubscriberException"/> instead of holding up the publisher or the other subscribers.
/// </summary>
internal sealed class SubscriptionSender(string id, WebSocketOutbox outbox, IGraphQLTextSerializer serializer, CancellationToken token)
    : IObserver<ExecutionResult>, IOutboxSender, IDisposable
{
    /// <summary>Events of one subscription that may wait to go out, as the subscription pump allowed before.</summary>
    public const int Capacity = SubscriptionPump.Capacity;

    private readonly byte[] _prefix = ServerMessages.NextPrefix(id);
    private int _waiting;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IDisposable? _subscription;

    /// <summary>Completes when the stream ends; faults with <see cref="SlowSubscriberException"/> for a client too far behind.</summary>
    public Task Ended => _ended.Task;

    public static SubscriptionSender Start(string id, IObservable<ExecutionResult> stream, WebSocketOutbox outbox, IGraphQLTextSerializer serializer, CancellationToken token)
    {
        var sender = new SubscriptionSender(id, outbox, serializer, token);
        sender._subscription = stream.Subscribe(sender);
        return sender;
    }

    public void OnNext(ExecutionResult value)
    {
        // Runs on the publisher's thread: it must not throw, and nothing goes out once the client completed.
        if (_ended.Task.IsCompleted || token.IsCancellationRequested)
        {
            return;
        }

        try
        {
            if (Interlocked.Increment(ref _waiting) > Capacity)
            {
                _ended.TrySetException(new SlowSubscriberException($"The client fell more than {Capacity} events behind."));
                _subscription?.Dispose();
                return;
            }

            if (!outbox.TrySendFor(ServerMessages.Next(_prefix, EventText.Utf8Of(value, serializer)), this))
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _ended.TrySetException(exception);
            _subscription?.Dispose();
        }
    }

    public void OnError(Exception error)
    {
        var result = new ExecutionResult
        {
            Errors = [error as ExecutionError ?? new ExecutionError("The event stream failed.") { Code = "STREAM_FAILED" }],
        };
        OnNext(result);
        _ended.TrySetResult();
    }

    public void OnCompleted() => _ended.TrySetResult();

    public void Sent() => Interlocked.Decrement(ref _waiting);

    public void Dispose() => _subscription?.Dispose();
}
