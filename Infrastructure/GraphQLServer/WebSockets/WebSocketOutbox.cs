using System.Net.WebSockets;
using System.Threading.Channels;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>
/// The one writer of a socket. Messages wait in a bounded queue and go out one at a time, at the pace the client
/// reads them; when the queue is full, senders wait (on their operation's token, so an operation the client
/// completed stops waiting). The close frame takes the same lock as messages, and nothing is sent after it.
/// </summary>
internal sealed class WebSocketOutbox(WebSocket socket, int capacity)
{
    /// <summary>How long a close may wait for the writer, and then for the close frame to go out.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<byte[]> _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity) { SingleReader = true });
    private readonly SemaphoreSlim _sending = new(1, 1);
    private volatile bool _closed;

    /// <summary>Completes when the writer has stopped: the queue was completed and drained, or the token cancelled.</summary>
    public Task Written { get; private set; } = Task.CompletedTask;

    /// <summary>True when nothing waits to go out.</summary>
    public bool IsEmpty => _queue.Reader.Count == 0;

    public void Start(CancellationToken token) => Written = WriteAsync(token);

    /// <summary>Waits for room in the queue; <paramref name="token"/> is the sending operation's.</summary>
    public async ValueTask SendAsync(byte[] message, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        await _queue.Writer.WriteAsync(message, token);
    }

    /// <summary>Queues <paramref name="message"/> only if there is room at once.</summary>
    public bool TrySend(byte[] message) => _queue.Writer.TryWrite(message);

    /// <summary>No more messages: the writer sends what is queued, then stops.</summary>
    public void Complete() => _queue.Writer.TryComplete();

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

    private async Task WriteAsync(CancellationToken token)
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(token))
            {
                await _sending.WaitAsync(token);
                try
                {
                    if (_closed)
                    {
                        return;
                    }

                    await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, token);
                }
                finally
                {
                    _sending.Release();
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Socket gone or closing.
        }
    }
}
