namespace ProductDescriber.BuildingBlocks.GraphQL;

/// <summary>
/// Per-request facts the transport knows and resolvers may need (GraphQL.NET's <c>UserContext</c>), the same on
/// HTTP, SSE and WebSocket, so resolvers never reach for <c>HttpContext</c>.
/// </summary>
public sealed class RequestContext : Dictionary<string, object?>
{
    /// <summary>The client's IP address as Kestrel saw it, for throttling; null when unknown.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>Why a presented access token was refused (expired, revoked...), for a precise error message.</summary>
    public string? AuthenticationFailure { get; init; }

    /// <summary>The operation being run, once the document is parsed (for logs, even when validation refuses it).</summary>
    public string? OperationName { get; set; }

    /// <summary>Key under which the HTTP authentication handler leaves <see cref="AuthenticationFailure"/> in <c>HttpContext.Items</c>.</summary>
    public const string AuthenticationFailureItem = "ProductDescriber.AuthenticationFailure";
}
