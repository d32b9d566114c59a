using GraphQL;
using Microsoft.Extensions.Options;
using ProductDescriber.Host.GraphQL.Transport;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Host.GraphQL.WebSockets;

/// <summary>Accepts WebSocket upgrades on the GraphQL endpoint for the graphql-transport-ws sub-protocol.</summary>
internal sealed class GraphQLWebSocketHandler(
    GraphQLExecutor executor,
    IGraphQLTextSerializer serializer,
    IAccessTokenValidator tokens,
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
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(SubProtocol);
        await new GraphQLWsConnection(socket, http, executor, serializer, tokens, options.Value, logger).RunAsync();
    }
}
