using System.Net.WebSockets;
using GraphQL;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Diagnostics;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.GraphQLServer.Sessions;
using ProductDescriber.GraphQLServer.Transport;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>Accepts WebSocket upgrades on the GraphQL endpoint for the graphql-transport-ws sub-protocol.</summary>
internal sealed class GraphQLWebSocketHandler(
    GraphQLExecutor executor,
    IGraphQLTextSerializer serializer,
    IAccessTokenValidator tokens,
    LiveConnections connections,
    IOptions<GraphQLWebSocketOptions> options,
    ILogger<GraphQLWsConnection> logger)
{
    public const string SubProtocol = "graphql-transport-ws";

    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol))
        {
            // The protocol says to close with 4406, which needs an accepted socket.
            using var refused = await http.WebSockets.AcceptWebSocketAsync();
            await refused.CloseOutputAsync(CloseCodes.SubprotocolNotAcceptable, "Subprotocol not acceptable", http.RequestAborted);
            await AwaitClientCloseAsync(refused);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(SubProtocol);
        AppTelemetry.WebSocketConnections.Add(1);
        try
        {
            await new GraphQLWsConnection(socket, http, executor, serializer, tokens, connections, options.Value, logger).RunAsync();
        }
        finally
        {
            AppTelemetry.WebSocketConnections.Add(-1);
        }
    }

    /// <summary>Lets the client answer our close frame; ending the request first would reset the connection under it.</summary>
    private static async Task AwaitClientCloseAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var buffer = new byte[256];
        try
        {
            while (socket.State == WebSocketState.CloseSent)
            {
                await socket.ReceiveAsync(buffer, timeout.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
        }
    }
}
