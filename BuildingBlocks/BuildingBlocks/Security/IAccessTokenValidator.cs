using System.Security.Claims;

namespace ProductDescriber.BuildingBlocks.Security;

/// <summary>
/// Validates an access token outside the HTTP authentication pipeline (the WebSocket <c>connection_init</c>
/// payload, the re-checks of open sockets and event streams), with exactly the rules the HTTP path applies:
/// signature, algorithm, lifetime, and a live session. The answer for one token changes over time (the token
/// expires, the user's sessions are revoked), so long-lived connections ask again with the same token to re-check
/// their session. Implemented by the module that issues tokens (Identity); the GraphQL server depends on this only.
/// </summary>
public interface IAccessTokenValidator
{
    Task<AccessTokenValidation> ValidateAsync(string token, CancellationToken cancellationToken);
}

/// <summary>The caller (its role as it is now), or why the token is refused, in words fit for a client.</summary>
public sealed record AccessTokenValidation(ClaimsPrincipal? Principal, string? Failure)
{
    public bool IsValid => Principal is not null;
}
