using System.Buffers;
using System.Net.WebSockets;
using GraphQL;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.GraphQLServer.Sessions;
using ProductDescriber.GraphQLServer.Transport;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>
/// One socket speaking graphql-transport-ws, from accept to close: its lifetime. Reads run on one loop that hands
/// each message to the <see cref="GraphQLWsProtocol"/>, and every send goes through the one
/// <see cref="WebSocketOutbox"/>, so a slow client never holds up anything else. The socket closes once: when the
/// protocol says so, at the init deadline or token expiry (<see cref="ConnectionTimers"/>), when its session is
/// revoked or fails a re-check that <see cref="LiveConnections"/> asks for (4403), or at shutdown (1001).
/// See docs/adr/0004-graphql-over-websocket-and-sse.md and docs/adr/0008.
/// </summary>
internal sealed class GraphQLWsConnection : ILiveConnection
{
    /// <summary>How long queries and mutations under way may take to finish, and their results to go out, at shutdown.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Rented per message, returned when it is read: big enough for any usual message in one receive.</summary>
    private const int ReceiveBufferBytes = 4096;

    private readonly WebSocket _socket;
    private readonly LiveConnections _connections;
    private readonly GraphQLWebSocketOptions _options;
    private readonly WebSocketOutbox _outbox;
    private readonly ConnectionSession _session;
    private readonly SocketOperations _operations;
    private readonly GraphQLWsProtocol _protocol;
    private readonly CancellationTokenSource _lifetime;

    // Separate from _lifetime: cancelling a pending receive aborts the socket, so after our close frame the read
    // loop keeps waiting (a little) for the client's close frame instead of resetting the connection under it.
    private readonly CancellationTokenSource _reading;
    private volatile bool _closed;

    public GraphQLWsConnection(
        WebSocket socket,
        HttpContext http,
        GraphQLExecutor executor,
        IGraphQLTextSerializer serializer,
        IAccessTokenValidator tokens,
        LiveConnections connections,
        GraphQLWebSocketOptions options,
        ILogger logger)
    {
        _socket = socket;
        _connections = connections;
        _options = options;
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        _reading = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        _outbox = new WebSocketOutbox(socket, options.MaxPendingMessages);
        _session = new ConnectionSession(tokens, logger);
        _operations = new SocketOperations(_lifetime.Token);
        var runner = new OperationRunner(http, executor, serializer, _outbox, _operations, logger);
        _protocol = new GraphQLWsProtocol(_session, _operations, runner, _outbox, serializer, CloseAsync, _lifetime.Token, logger);
    }

    public long? UserId => _session.UserId;

    public async Task RunAsync()
    {
        var token = _lifetime.Token;
        _outbox.Start(token);
        _ = ConnectionTimers.CloseUnlessInitialisedAsync(
            TimeSpan.FromSeconds(_options.ConnectionInitTimeoutSeconds),
            () => _protocol.InitReceived,
            () => CloseAsync(CloseCodes.ConnectionInitialisationTimeout, "Connection initialisation timeout"),
            token);
        _ = ConnectionTimers.KeepAliveAsync(TimeSpan.FromSeconds(_options.KeepAliveSeconds), _outbox, token);
        var registration = _connections.Add(this);
        try
        {
            await ReadLoopAsync(_reading.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // The client went away; nothing to tell it.
        }
        finally
        {
            registration.Dispose();
            _closed = true;
            await _lifetime.CancelAsync();
            _operations.StopAll();
            _outbox.Complete();
            await _outbox.Written;
            _lifetime.Dispose();
            _reading.Dispose();
        }
    }

    public Task RevokeAsync() => CloseAsync(CloseCodes.Forbidden, "Session revoked");

    public async Task RecheckSessionAsync(CancellationToken cancellationToken)
    {
        if (!_closed && !await _session.HoldsAsync(cancellationToken))
        {
            await CloseAsync(CloseCodes.Forbidden, "Session revoked");
        }
    }

    /// <summary>
    /// The process is stopping. No new operations start; queries and mutations under way get a few seconds to finish
    /// and send their results; subscriptions end without <c>complete</c>; then the socket closes with 1001 Going Away.
    /// </summary>
    public async Task GoAwayAsync()
    {
        if (!_operations.BeginGoodbye() || _closed)
        {
            return;
        }

        using var drain = new CancellationTokenSource(DrainTimeout);
        await _operations.EndForGoodbyeAsync(drain.Token);

        // Whatever the operations queued goes out before the close frame.
        _outbox.Complete();
        try
        {
            await _outbox.Written.WaitAsync(drain.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await CloseAsync(CloseCodes.GoingAway, "Server shutting down");
    }

    /// <summary>
    /// Reads messages one after the other. An idle socket holds no receive buffer (a thousand idle subscribers would
    /// hold a thousand): it waits for data with a zero-byte read, and only then rents a buffer for the message.
    /// </summary>
    private async Task ReadLoopAsync(CancellationToken token)
    {
        using var message = new MemoryStream();
        while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            var received = await _socket.ReceiveAsync(Memory<byte>.Empty, token);
            if (received.MessageType != WebSocketMessageType.Close && !received.EndOfMessage)
            {
                received = await ReceiveRestAsync(message, token);
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "Bye");
                return;
            }

            if (_closed)
            {
                // Closing: only the client's close frame matters now.
                message.SetLength(0);
                continue;
            }

            if (message.Length > _options.MaxMessageBytes)
            {
                await CloseAsync(WebSocketCloseStatus.MessageTooBig, "Message too big");
                return;
            }

            if (received.MessageType != WebSocketMessageType.Text)
            {
                await CloseAsync(CloseCodes.BadRequest, "Binary messages are not supported");
                return;
            }

            await _protocol.HandleAsync(message.GetBuffer().AsMemory(0, (int)message.Length));
            message.SetLength(0);
        }
    }

    /// <summary>
    /// Receives the rest of a message into <paramref name="message"/> through a pooled buffer; stops early at a close
    /// frame or once the message is too big. Returns the last receive.
    /// </summary>
    private async Task<ValueWebSocketReceiveResult> ReceiveRestAsync(MemoryStream message, CancellationToken token)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferBytes);
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer.AsMemory(), token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return received;
                }

                if (!_closed)
                {
                    message.Write(buffer, 0, received.Count);
                }

                if (received.EndOfMessage || message.Length > _options.MaxMessageBytes)
                {
                    return received;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Closes once: the close frame (or an abort), then operations, timers and the writer stop.</summary>
    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        var frameSent = await _outbox.CloseAsync(status, reason);

        // The socket may already be gone with its request, and these with it.
        try
        {
            if (frameSent)
            {
                // The read loop now waits for the client's close frame, but not for ever.
                _reading.CancelAfter(WebSocketOutbox.CloseTimeout);
            }

            await _lifetime.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
