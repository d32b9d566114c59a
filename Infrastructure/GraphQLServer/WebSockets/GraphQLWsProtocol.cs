using System.Net.WebSockets;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using ProductDescriber.GraphQLServer.Transport;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>
/// The graphql-transport-ws state machine of one socket (enisdenjo/graphql-ws PROTOCOL.md): one
/// <c>connection_init</c>, with the access token, answered by <c>connection_ack</c>; <c>subscribe</c> only after
/// it, each id once at a time, each operation on its own task; <c>complete</c> stops one; <c>ping</c> gets a
/// <c>pong</c>. Anything else closes the socket with the protocol's 44xx codes.
/// </summary>
internal sealed partial class GraphQLWsProtocol(
    ConnectionSession session,
    SocketOperations operations,
    OperationRunner runner,
    WebSocketOutbox outbox,
    IGraphQLTextSerializer serializer,
    Func<WebSocketCloseStatus, string, Task> close,
    CancellationToken lifetime,
    ILogger logger)
{
    private int _initReceived;
    private volatile bool _acknowledged;

    /// <summary>A <c>connection_init</c> arrived (whatever became of it): the init deadline no longer applies.</summary>
    public bool InitReceived => _acknowledged || Volatile.Read(ref _initReceived) != 0;

    public async Task HandleAsync(ReadOnlyMemory<byte> text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            await close(CloseCodes.BadRequest, "Invalid message received");
            return;
        }

        using (document)
        {
            var message = document.RootElement;
            switch (ClientMessages.TypeOf(message))
            {
                case "connection_init":
                    await InitialiseAsync(message);
                    break;
                case "ping":
                    await outbox.SendAsync(ServerMessages.Pong(ClientMessages.PingPayloadOf(message)), lifetime);
                    break;
                case "pong":
                    break;
                case "subscribe":
                    await SubscribeAsync(message);
                    break;
                case "complete":
                    if (ClientMessages.IdOf(message) is { } id)
                    {
                        operations.Complete(id);
                    }

                    break;
                case null:
                    await close(CloseCodes.BadRequest, "Invalid message received");
                    break;
                case var type:
                    await close(CloseCodes.BadRequest, $"Unexpected message of type '{CloseCodes.Truncate(type)}' received");
                    break;
            }
        }
    }

    private async Task InitialiseAsync(JsonElement message)
    {
        if (Interlocked.Exchange(ref _initReceived, 1) == 1)
        {
            await close(CloseCodes.TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }

        var payload = ClientMessages.InitPayloadOf(message);
        if (payload.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
        {
            await close(CloseCodes.BadRequest, "The connection_init payload must be an object");
            return;
        }

        if (ConnectionToken.Find(payload) is { } accessToken)
        {
            switch (await session.StartAsync(accessToken, lifetime))
            {
                case SessionVerdict.Unchecked:
                    await close(CloseCodes.TryAgainLater, "Database unavailable, try again later");
                    return;
                case SessionVerdict.Ended:
                    await close(CloseCodes.Forbidden, "Forbidden");
                    return;
            }

            if (session.ExpiresAt is { } expiresAt)
            {
                // 4403, which clients retry with a fresh token.
                _ = ConnectionTimers.CloseAtExpiryAsync(expiresAt, () => close(CloseCodes.Forbidden, "Token expired"), lifetime);
            }
        }

        _acknowledged = true;
        await outbox.SendAsync(ServerMessages.ConnectionAck(), lifetime);
    }

    private async Task SubscribeAsync(JsonElement message)
    {
        if (!_acknowledged)
        {
            await close(CloseCodes.Unauthorized, "Unauthorized");
            return;
        }

        if (!ClientMessages.TryReadSubscribe(message, out var id, out var payload))
        {
            await close(CloseCodes.BadRequest, "A subscribe message needs a string id and an object payload");
            return;
        }

        if (ClientMessages.RequestOf(payload, serializer) is not { } request)
        {
            await close(CloseCodes.BadRequest, "The subscribe payload is not a valid GraphQL request");
            return;
        }

        if (operations.GoingAway)
        {
            // The socket is about to close with 1001; the client sends this again after reconnecting.
            return;
        }

        switch (await session.CheckBeforeOperationAsync(lifetime))
        {
            case SessionVerdict.Unchecked:
                await outbox.SendAsync(ServerMessages.Error(id, ServerMessages.Unavailable), lifetime);
                return;
            case SessionVerdict.Ended:
                await close(CloseCodes.Forbidden, "Session revoked");
                return;
        }

        if (operations.TryStart(id) is not { } operation)
        {
            await close(CloseCodes.SubscriberAlreadyExists, $"Subscriber for {CloseCodes.Truncate(id)} already exists");
            return;
        }

        _ = RunOperationAsync(id, request, operation);
    }

    private async Task RunOperationAsync(string id, GraphQLRequest request, SocketOperation operation)
    {
        try
        {
            await runner.RunAsync(id, request, operation, session.User);
        }
        catch (SlowSubscriberException exception)
        {
            LogSlowClient(exception.Message);
            await close(CloseCodes.TryAgainLater, "Client too slow");
        }
        finally
        {
            operations.Finish(id, operation);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket client disconnected for being too slow: {Reason}")]
    private partial void LogSlowClient(string reason);
}
