using System.Security.Claims;

namespace ProductDescriber.Identity.Contracts;

/// <summary>
/// Validates an access token outside the HTTP authentication pipeline (the WebSocket <c>connection_init</c>
/// payload), with exactly the rules the HTTP path applies: signature, algorithm, lifetime, and a live session.
/// </summary>
public interface IAccessTokenValidator
{
    Task<AccessTokenValidation> ValidateAsync(string token, CancellationToken cancellationToken);
}

public sealed record AccessTokenValidation(ClaimsPrincipal? Principal, string? Failure)
{
    public bool IsValid => Principal is not null;
}
