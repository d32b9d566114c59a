using ProductDescriber.BuildingBlocks.Persistence;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using ProductDescriber.BuildingBlocks.GraphQL;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.GraphQLServer.Sessions;
using ProductDescriber.GraphQLServer.Transport;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>
/// One socket speaking graphql-transport-ws (enisdenjo/graphql-ws PROTOCOL.md). Reads run on one loop, every
/// operation runs on its own task in its own DI scope, and all sends go through one bounded outbox that drains at
/// the client's pace; a subscription that falls too far behind is cut off by its <see cref="SubscriptionPump"/>
/// and the socket closed, so a slow client never holds up anything else. The session is checked again before every
/// operation and whenever <see cref="LiveConnections"/> asks (a revocation, a periodic check); a revoked one closes
/// the socket with 4403. See docs/adr/0004-graphql-over-websocket-and-sse.md and docs/adr/0008.
/// </summary>
internal sealed partial class GraphQLWsConnection(
    WebSocket socket,
    HttpContext http,
    GraphQLExecutor executor,
    IGraphQLTextSerializer serializer,
    IAccessTokenValidator tokens,
    LiveConnections connections,
    GraphQLWebSocketOptions options,
    ILogger logger) : ILiveConnection
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long queries and mutations under way may take to finish, and their results to go out, at shutdown.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private const string Unavailable = """[{"message":"The session could not be checked; try again.","extensions":{"code":"UNAVAILABLE"}}]""";

    private readonly Channel<byte[]> _outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.MaxPendingMessages) { SingleReader = true });
    private readonly ConcurrentDictionary<string, Operation> _operations = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _lifetime = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);

    // Separate from _lifetime: cancelling a pending receive aborts the socket, so after our close frame the read
    // loop keeps waiting (a little) for the client's close frame instead of resetting the connection under it.
    private readonly CancellationTokenSource _reading = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
    private ClaimsPrincipal _user = new(new ClaimsIdentity());
    private volatile string? _accessToken;
    private Task? _writer;
    private int _initReceived;
    private int _goingAway;
    private volatile bool _acknowledged;
    private volatile bool _closed;

    public long? UserId => _accessToken is null ? null : _user.GetUserId();

    public async Task RunAsync()
    {
        var token = _lifetime.Token;
        var writer = _writer = WriteLoopAsync(token);
        _ = CloseUnlessInitialisedAsync(token);
        _ = KeepAliveAsync(token);
        var registration = connections.Add(this);
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
            foreach (var operation in _operations.Values)
            {
                operation.Stop();
            }

            _outbox.Writer.TryComplete();
            await writer;
            _lifetime.Dispose();
            _reading.Dispose();
        }
    }

    private async Task ReadLoopAsync(CancellationToken token)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            var received = await socket.ReceiveAsync(buffer, token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "Bye");
                return;
            }

            if (_closed)
            {
                // Closing: only the client's close frame matters now.
                continue;
            }

            message.Write(buffer, 0, received.Count);
            if (message.Length > options.MaxMessageBytes)
            {
                await CloseAsync(WebSocketCloseStatus.MessageTooBig, "Message too big");
                return;
            }

            if (!received.EndOfMessage)
            {
                continue;
            }

            if (received.MessageType != WebSocketMessageType.Text)
            {
                await CloseAsync(CloseCodes.BadRequest, "Binary messages are not supported");
                return;
            }

            await HandleAsync(message.GetBuffer().AsMemory(0, (int)message.Length));
            message.SetLength(0);
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            await CloseAsync(CloseCodes.BadRequest, "Invalid message received");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String
                ? typeElement.GetString()
                : null;
            switch (type)
            {
                case "connection_init":
                    await InitialiseAsync(root);
                    break;
                case "ping":
                    await SendAsync(Message("pong", null, root.TryGetProperty("payload", out var ping) && ping.ValueKind == JsonValueKind.Object ? ping.GetRawText() : null), _lifetime.Token);
                    break;
                case "pong":
                    break;
                case "subscribe":
                    await SubscribeAsync(root);
                    break;
                case "complete":
                    if (root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && _operations.TryRemove(id.GetString()!, out var operation))
                    {
                        operation.Stop();
                    }

                    break;
                case null:
                    await CloseAsync(CloseCodes.BadRequest, "Invalid message received");
                    break;
                default:
                    await CloseAsync(CloseCodes.BadRequest, $"Unexpected message of type '{Truncate(type)}' received");
                    break;
            }
        }
    }

    private async Task InitialiseAsync(JsonElement message)
    {
        if (Interlocked.Exchange(ref _initReceived, 1) == 1)
        {
            await CloseAsync(CloseCodes.TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }

        var payload = message.TryGetProperty("payload", out var p) ? p : default;
        if (payload.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
        {
            await CloseAsync(CloseCodes.BadRequest, "The connection_init payload must be an object");
            return;
        }

        if (ConnectionToken.Find(payload) is { } accessToken)
        {
            AccessTokenValidation validation;
            try
            {
                validation = await tokens.ValidateAsync(accessToken, _lifetime.Token);
            }
            catch (Exception exception) when (DatabaseOutage.IsCause(exception))
            {
                // The session check needs the database: not a refusal of the token, so 1013 lets clients reconnect.
                LogOutage(exception.GetBaseException().Message);
                await CloseAsync(CloseCodes.TryAgainLater, "Database unavailable, try again later");
                return;
            }

            if (!validation.IsValid)
            {
                LogRefused(validation.Failure);
                await CloseAsync(CloseCodes.Forbidden, "Forbidden");
                return;
            }

            _user = validation.Principal!;
            _accessToken = accessToken;
            _ = CloseWhenTokenExpiresAsync(_lifetime.Token);
        }

        _acknowledged = true;
        await SendAsync(Message("connection_ack", null, null), _lifetime.Token);
    }

    private async Task SubscribeAsync(JsonElement message)
    {
        if (!_acknowledged)
        {
            await CloseAsync(CloseCodes.Unauthorized, "Unauthorized");
            return;
        }

        if (!message.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || idElement.GetString() is not { Length: > 0 } id
            || !message.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
        {
            await CloseAsync(CloseCodes.BadRequest, "A subscribe message needs a string id and an object payload");
            return;
        }

        GraphQLRequest? request;
        try
        {
            request = serializer.Deserialize<GraphQLRequest>(payload.GetRawText());
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null || string.IsNullOrEmpty(request.Query))
        {
            await CloseAsync(CloseCodes.BadRequest, "The subscribe payload is not a valid GraphQL request");
            return;
        }

        if (Volatile.Read(ref _goingAway) == 1)
        {
            // The socket is about to close with 1001; the client sends this again after reconnecting.
            return;
        }

        // As HTTP checks each request: a revocation event this Host missed still stops the next operation.
        if (_accessToken is { } accessToken)
        {
            bool holds;
            try
            {
                holds = await SessionHoldsAsync(accessToken, _lifetime.Token);
            }
            catch (Exception exception) when (exception is DbException or TimeoutException)
            {
                LogSessionCheckFailed(exception);
                await SendAsync(Message("error", id, Unavailable), _lifetime.Token);
                return;
            }

            if (!holds)
            {
                await CloseAsync(CloseCodes.Forbidden, "Session revoked");
                return;
            }
        }

        var operation = new Operation(_lifetime.Token);
        if (!_operations.TryAdd(id, operation))
        {
            await CloseAsync(CloseCodes.SubscriberAlreadyExists, $"Subscriber for {Truncate(id)} already exists");
            return;
        }

        _ = RunOperationAsync(id, request, operation);
    }

    public Task RevokeAsync() => CloseAsync(CloseCodes.Forbidden, "Session revoked");

    public async Task RecheckSessionAsync(CancellationToken cancellationToken)
    {
        if (_accessToken is { } accessToken && !_closed && !await SessionHoldsAsync(accessToken, cancellationToken))
        {
            await CloseAsync(CloseCodes.Forbidden, "Session revoked");
        }
    }

    /// <summary>
    /// The process is stopping. No new operations start; queries and mutations under way get a few seconds to finish
    /// and send their results; subscriptions end without <c>complete</c>, because a graphql-ws client resubscribes after
    /// reconnecting only to the subscriptions it still holds; then the socket closes with 1001 Going Away.
    /// </summary>
    public async Task GoAwayAsync()
    {
        if (Interlocked.Exchange(ref _goingAway, 1) == 1 || _closed)
        {
            return;
        }

        using var drain = new CancellationTokenSource(DrainTimeout);
        try
        {
            foreach (var operation in _operations.Values.Where(o => o.IsStream))
            {
                operation.Stop();
            }

            await Task.WhenAll(_operations.Values.Select(o => o.Finished)).WaitAsync(drain.Token);
        }
        catch (OperationCanceledException)
        {
        }

        // Whatever did not finish in time stops now, before the outbox closes under it.
        foreach (var operation in _operations.Values)
        {
            operation.Stop();
        }

        _outbox.Writer.TryComplete();
        try
        {
            await (_writer ?? Task.CompletedTask).WaitAsync(drain.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await CloseAsync(CloseCodes.GoingAway, "Server shutting down");
    }

    /// <summary>Validates the token again (signature, expiry, stamp, active flag); keeps the refreshed principal (role).</summary>
    private async Task<bool> SessionHoldsAsync(string accessToken, CancellationToken cancellationToken)
    {
        var validation = await tokens.ValidateAsync(accessToken, cancellationToken);
        if (!validation.IsValid)
        {
            LogSessionEnded(_user.GetUserId(), validation.Failure);
            return false;
        }

        _user = validation.Principal!;
        return true;
    }

    private async Task RunOperationAsync(string id, GraphQLRequest request, Operation operation)
    {
        var token = operation.Token;
        await using var scope = http.RequestServices.CreateAsyncScope();
        var call = new GraphQLCall("websocket", scope.ServiceProvider, _user, new RequestContext { ClientAddress = http.Connection.RemoteIpAddress?.ToString() });
        try
        {
            var result = await executor.ExecuteAsync(request, call, token);
            if (result.Streams is { Count: > 0 } streams)
            {
                // Marked before looking at _goingAway, which GoAwayAsync sets before looking at the marks: one of
                // the two sees the other, so no stream starts after the goodbye began.
                operation.MarkStream();
                if (Volatile.Read(ref _goingAway) == 1)
                {
                    return;
                }

                await StreamAsync(id, streams.Values.Single(), token);
                await SendAsync(Message("complete", id, null), token);
            }
            else if (!result.Executed)
            {
                await SendAsync(Message("error", id, ErrorsOf(result)), token);
            }
            else
            {
                await SendAsync(Message("next", id, serializer.Serialize(result)), token);
                await SendAsync(Message("complete", id, null), token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException && token.IsCancellationRequested)
        {
            // Completed by the client or the socket closed.
        }
        catch (SlowSubscriberException exception)
        {
            LogSlowClient(exception.Message);
            await CloseAsync(CloseCodes.TryAgainLater, "Client too slow");
        }
        catch (Exception exception)
        {
            LogOperationFailed(exception);
            await SendAsync(Message("error", id, """[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]"""), token);
        }
        finally
        {
            _operations.TryRemove(new KeyValuePair<string, Operation>(id, operation));
            operation.Stop();
            operation.Finish();
        }
    }

    /// <summary>
    /// Sends the events of a subscription as fast as the client reads them. The pump buffers what the client has not
    /// taken yet; when it overflows, the wait for outbox space ends at once rather than after the backlog.
    /// </summary>
    private async Task StreamAsync(string id, IObservable<ExecutionResult> stream, CancellationToken token)
    {
        using var pump = SubscriptionPump.Start(stream);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(token, pump.Overflowed);
        try
        {
            await foreach (var next in pump.Events.ReadAllAsync(sending.Token))
            {
                await SendAsync(Message("next", id, serializer.Serialize(next)), sending.Token);
            }
        }
        catch (OperationCanceledException) when (pump.Overflowed.IsCancellationRequested && !token.IsCancellationRequested)
        {
            throw new SlowSubscriberException();
        }
    }

    /// <summary>
    /// Waits for room in the outbox. <paramref name="token"/> is the operation's, so nothing more goes out for an
    /// operation the client completed.
    /// </summary>
    private async ValueTask SendAsync(byte[] message, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        await _outbox.Writer.WriteAsync(message, token);
    }

    private async Task WriteLoopAsync(CancellationToken token)
    {
        try
        {
            await foreach (var message in _outbox.Reader.ReadAllAsync(token))
            {
                await _sending.WaitAsync(token);
                try
                {
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

    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;

        // A writer stuck on a client that stopped reading keeps the lock: such a client gets no close frame.
        var locked = await _sending.WaitAsync(CloseTimeout);
        try
        {
            if (!locked)
            {
                socket.Abort();
            }
            else if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(CloseTimeout);
                await socket.CloseOutputAsync(status, reason, timeout.Token);

                // The read loop now waits for the client's close frame, but not for ever.
                _reading.CancelAfter(CloseTimeout);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            socket.Abort();
        }
        finally
        {
            await StopAsync();
            if (locked)
            {
                _sending.Release();
            }
        }
    }

    /// <summary>Stops operations, timers and the writer (the socket may already be gone with its request).</summary>
    private async Task StopAsync()
    {
        try
        {
            await _lifetime.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task CloseUnlessInitialisedAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.ConnectionInitTimeoutSeconds), token);
            if (!_acknowledged && Volatile.Read(ref _initReceived) == 0)
            {
                await CloseAsync(CloseCodes.ConnectionInitialisationTimeout, "Connection initialisation timeout");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task KeepAliveAsync(CancellationToken token)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.KeepAliveSeconds));
            while (await timer.WaitForNextTickAsync(token))
            {
                // Only when idle: with messages still queued the connection is evidently alive.
                if (_outbox.Reader.Count == 0)
                {
                    _outbox.Writer.TryWrite(Message("ping", null, null));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A socket lives longer than its token: close it (4403, which clients retry with a fresh token) when the token expires.</summary>
    private async Task CloseWhenTokenExpiresAsync(CancellationToken token)
    {
        if (_user.FindFirst("exp")?.Value is not { } exp || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return;
        }

        var remaining = DateTimeOffset.FromUnixTimeSeconds(seconds) - DateTimeOffset.UtcNow;
        try
        {
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, token);
            }

            await CloseAsync(CloseCodes.Forbidden, "Token expired");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string ErrorsOf(ExecutionResult result)
    {
        using var document = JsonDocument.Parse(serializer.Serialize(result));
        return document.RootElement.TryGetProperty("errors", out var errors) ? errors.GetRawText() : "[]";
    }

    private static byte[] Message(string type, string? id, string? payload)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (id is not null)
            {
                writer.WriteString("id", id);
            }

            writer.WriteString("type", type);
            if (payload is not null)
            {
                writer.WritePropertyName("payload");
                writer.WriteRawValue(payload, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Close reasons must stay under 123 bytes.</summary>
    private static string Truncate(string text) => text.Length > 40 ? text[..40] : text;

    [LoggerMessage(Level = LogLevel.Information, Message = "WebSocket connection refused: {Reason}")]
    private partial void LogRefused(string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket client disconnected for being too slow: {Reason}")]
    private partial void LogSlowClient(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "WebSocket operation failed")]
    private partial void LogOperationFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "WebSocket session of user {UserId} ended: {Reason}")]
    private partial void LogSessionEnded(long? userId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket operation refused: the session could not be checked")]
    private partial void LogSessionCheckFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket connection closed with 1013: the database is unavailable ({Reason})")]
    private partial void LogOutage(string reason);

    private sealed class Operation(CancellationToken connection)
    {
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(connection);
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _isStream;

        public CancellationToken Token => _stop.Token;

        /// <summary>Completes when the operation's task is done, whatever its outcome.</summary>
        public Task Finished => _finished.Task;

        public bool IsStream => Volatile.Read(ref _isStream) == 1;

        public void MarkStream() => Interlocked.Exchange(ref _isStream, 1);

        public void Finish() => _finished.TrySetResult();

        public void Stop()
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
