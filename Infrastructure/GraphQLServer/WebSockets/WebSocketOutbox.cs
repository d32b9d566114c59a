using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>
/// The one writer of a socket. Messages wait in a bounded queue and go out one at a time, at the pace the client
/// reads them; when the queue is full, senders wait (on their operation's token, so an operation the client
/// completed stops waiting). The close frame takes the same lock as messages, and nothing is sent after it.
/// <para>
/// No writer task waits on the queue: whoever queues a message onto an idle socket sends it at once on its own
/// thread, and the sends continue on the thread pool only when the socket makes them wait (docs/adr/0036). A
/// subscription event for a thousand sockets thus costs no thread hop per socket.
/// </para>
/// </summary>
internal sealed class WebSocketOutbox(WebSocket socket, int capacity)
{
    /// <summary>How long a close may wait for the writer, and then for the close frame to go out.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentQueue<Outgoing> _queue = new();
    private readonly SemaphoreSlim _room = new(capacity, capacity);
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationToken _token;
    private int _draining;
    private volatile bool _started;
    private volatile bool _completed;
    private volatile bool _stopped;
    private volatile bool _closed;

    /// <summary>Completes when the writer has stopped: the outbox was completed and drained, or the token cancelled.</summary>
    public Task Written => _written.Task;

    /// <summary>True when nothing waits to go out.</summary>
    public bool IsEmpty => _queue.IsEmpty;

    public void Start(CancellationToken token)
    {
        _token = token;
        _started = true;
        token.UnsafeRegister(static outbox => ((WebSocketOutbox)outbox!).Stop(), this);
        Drain();
    }

    /// <summary>Waits for room in the queue; <paramref name="token"/> is the sending operation's.</summary>
    public async ValueTask SendAsync(byte[] message, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        if (_completed)
        {
            throw new ChannelClosedException();
        }

        await _room.WaitAsync(token);
        Queue(message);
    }

    /// <summary>Queues <paramref name="message"/> only if there is room at once.</summary>
    public bool TrySend(byte[] message)
    {
        if (_completed || !_room.Wait(0))
        {
            return false;
        }

        Queue(message);
        return true;
    }

    /// <summary>
    /// Queues a subscription's event outside the queue's bound: the subscription keeps its own count of what it has
    /// waiting (<see cref="IOutboxSender.Sent"/> is called as each goes out) and gives up when that is too much.
    /// False once the outbox is completed.
    /// </summary>
    public bool TrySendFor(byte[] message, IOutboxSender sender)
    {
        if (_completed)
        {
            return false;
        }

        _queue.Enqueue(new Outgoing(message, sender));
        Drain();
        return true;
    }

    /// <summary>No more messages: the writer sends what is queued, then stops.</summary>
    public void Complete()
    {
        _completed = true;
        Drain();
    }

    /// <summary>
    /// Sends the close frame once the writer lets go of the socket, and sends nothing after it. Returns whether the
    /// frame went out (the client's answering close frame is then worth a short wait); otherwise the socket is aborted.
    /// </summary>
    public async Task<bool> CloseAsync(WebSocketCloseStatus status, string reason)
    {
        // A writer stuck on a client that stopped reading keeps the lock: such a client gets no close frame.
        var locked = await _sending.WaitAsync(CloseTimeout);
        try
        {
            if (!locked)
            {
                socket.Abort();
                return false;
            }

            if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            {
                return false;
            }

            using var timeout = new CancellationTokenSource(CloseTimeout);
            await socket.CloseOutputAsync(status, reason, timeout.Token);
            return true;
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            socket.Abort();
            return false;
        }
        finally
        {
            _closed = true;
            if (locked)
            {
                _sending.Release();
            }
        }
    }

    private void Queue(byte[] message)
    {
        _queue.Enqueue(new Outgoing(message, null));
        Drain();
    }

    /// <summary>Starts sending on this thread unless a send is under way (it takes what was just queued too).</summary>
    private void Drain()
    {
        if (_started && Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            _ = DrainAsync();
        }
    }

    private async Task DrainAsync()
    {
        try
        {
            while (true)
            {
                while (!_stopped && _queue.TryDequeue(out var message))
                {
                    await SendOneAsync(message);
                }

                Volatile.Write(ref _draining, 0);
                if (_stopped || (_completed && _queue.IsEmpty))
                {
                    _written.TrySetResult();
                    return;
                }

                // A message queued after the queue looked empty, by a sender that saw the drain still running.
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Socket gone or closing.
            Stop();
        }
    }

    private async ValueTask SendOneAsync(Outgoing message)
    {
        try
        {
            await _sending.WaitAsync(_token);
            try
            {
                if (_closed)
                {
                    Stop();
                    return;
                }

                // No token: with one, ManagedWebSocket takes its slow path (a cancellation registration and an
                // async state machine per message). A send stuck on a client that stopped reading ends when
                // CloseAsync aborts the socket, or when the connection goes with its request.
                await socket.SendAsync(message.Bytes.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
            finally
            {
                _sending.Release();
            }
        }
        finally
        {
            if (message.Sender is { } sender)
            {
                sender.Sent();
            }
            else
            {
                _room.Release();
            }
        }
    }

    private readonly record struct Outgoing(byte[] Bytes, IOutboxSender? Sender);

    private void Stop()
    {
        _stopped = true;
        _written.TrySetResult();
    }
}

/// <summary>Who queued a message outside the outbox's bound, told when it went out (or was dropped).</summary>
internal interface IOutboxSender
{
    void Sent();
}
