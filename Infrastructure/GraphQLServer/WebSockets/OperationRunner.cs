using System.Security.Claims;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using ProductDescriber.BuildingBlocks.GraphQL;
using ProductDescriber.GraphQLServer.Transport;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>
/// Runs one operation of a socket in its own DI scope and sends what it yields: <c>next</c> and <c>complete</c> for
/// a query or mutation, <c>error</c> for a request that did not execute, a <c>next</c> per event for a subscription.
/// A subscription's events go through a <see cref="SubscriptionSender"/>, so a slow client never holds up the publisher.
/// </summary>
internal sealed partial class OperationRunner(
    HttpContext http,
    GraphQLExecutor executor,
    IGraphQLTextSerializer serializer,
    WebSocketOutbox outbox,
    SocketOperations operations,
    ILogger logger)
{
    /// <summary>Throws <see cref="SlowSubscriberException"/> when the client fell too far behind a subscription.</summary>
    public async Task RunAsync(string id, GraphQLRequest request, SocketOperation operation, ClaimsPrincipal user)
    {
        var token = operation.Token;
        await using var scope = http.RequestServices.CreateAsyncScope();
        var call = new GraphQLCall("websocket", scope.ServiceProvider, user, new RequestContext { ClientAddress = http.Connection.RemoteIpAddress?.ToString() });
        try
        {
            var result = await executor.ExecuteAsync(request, call, token);
            if (result.Streams is { Count: > 0 } streams)
            {
                if (!operations.TryStartStream(operation))
                {
                    return;
                }

                await StreamAsync(id, streams.Values.Single(), token);
                await outbox.SendAsync(ServerMessages.Complete(id), token);
            }
            else if (!result.Executed)
            {
                await outbox.SendAsync(ServerMessages.Error(id, ErrorsOf(result)), token);
            }
            else
            {
                await outbox.SendAsync(ServerMessages.Next(id, serializer.Serialize(result)), token);
                await outbox.SendAsync(ServerMessages.Complete(id), token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException && token.IsCancellationRequested)
        {
            // Completed by the client or the socket closed.
        }
        catch (Exception exception) when (exception is not SlowSubscriberException)
        {
            LogOperationFailed(exception);
            await outbox.SendAsync(ServerMessages.Error(id, ServerMessages.InternalServerError), token);
        }
    }

    /// <summary>
    /// Sends the events of a subscription as they come (<see cref="SubscriptionSender"/>) until the stream ends or
    /// the client completes the operation.
    /// </summary>
    private async Task StreamAsync(string id, IObservable<ExecutionResult> stream, CancellationToken token)
    {
        using var sender = SubscriptionSender.Start(id, stream, outbox, serializer, token);
        await sender.Ended.WaitAsync(token);
    }

    private string ErrorsOf(ExecutionResult result)
    {
        using var document = JsonDocument.Parse(serializer.Serialize(result));
        return document.RootElement.TryGetProperty("errors", out var errors) ? errors.GetRawText() : "[]";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "WebSocket operation failed")]
    private partial void LogOperationFailed(Exception exception);
}
