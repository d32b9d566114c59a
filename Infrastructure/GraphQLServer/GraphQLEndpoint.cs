using ProductDescriber.GraphQLServer.Transport;
using ProductDescriber.GraphQLServer.Validation;
using ProductDescriber.GraphQLServer.WebSockets;

namespace ProductDescriber.GraphQLServer;

/// <summary>Everything on <c>/graphql</c> that is not the IDE: WebSocket upgrades, then HTTP (GET, POST, SSE, multipart).</summary>
internal static class GraphQLEndpoint
{
    public const string Path = "/graphql";

    public static IEndpointConventionBuilder MapGraphQL(this IEndpointRouteBuilder endpoints) =>
        endpoints.Map(Path, static http => http.WebSockets.IsWebSocketRequest
            ? http.RequestServices.GetRequiredService<GraphQLWebSocketHandler>().HandleAsync(http)
            : http.RequestServices.GetRequiredService<GraphQLHttpHandler>().HandleAsync(http));
}
