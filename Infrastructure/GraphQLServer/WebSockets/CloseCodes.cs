using System.Net.WebSockets;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>Close codes of the graphql-transport-ws protocol (enisdenjo/graphql-ws, src/common.ts).</summary>
internal static class CloseCodes
{
    public const WebSocketCloseStatus BadRequest = (WebSocketCloseStatus)4400;
    public const WebSocketCloseStatus Unauthorized = (WebSocketCloseStatus)4401;
    public const WebSocketCloseStatus Forbidden = (WebSocketCloseStatus)4403;
    public const WebSocketCloseStatus SubprotocolNotAcceptable = (WebSocketCloseStatus)4406;
    public const WebSocketCloseStatus ConnectionInitialisationTimeout = (WebSocketCloseStatus)4408;
    public const WebSocketCloseStatus SubscriberAlreadyExists = (WebSocketCloseStatus)4409;
    public const WebSocketCloseStatus TooManyInitialisationRequests = (WebSocketCloseStatus)4429;
    public const WebSocketCloseStatus InternalServerError = (WebSocketCloseStatus)4500;

    /// <summary>Standard 1001 "going away": the server is stopping; graphql-ws reconnects and resubscribes.</summary>
    public const WebSocketCloseStatus GoingAway = WebSocketCloseStatus.EndpointUnavailable;

    /// <summary>Standard 1013 "try again later": the client fell too far behind; graphql-ws reconnects.</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    /// <summary>Close reasons must stay under 123 bytes: a client's text quoted in one is cut short.</summary>
    public static string Truncate(string text) => text.Length > 40 ? text[..40] : text;
}
