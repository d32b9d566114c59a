using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using ProductDescriber.BuildingBlocks.Security;

namespace ProductDescriber.Identity.Tokens;

/// <summary>
/// Validates a raw token for long-lived connections (WebSocket init and each operation, event streams, periodic
/// re-checks) with the same parameters as HTTP, and always against the stored session, never the cache: these checks
/// are what catches a revocation whose event was lost (docs/adr/0008, 0038).
/// </summary>
internal sealed class AccessTokenValidator(IOptions<IdentityOptions> options, SessionCheck sessions) : IAccessTokenValidator
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<AccessTokenValidation> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var result = await _handler.ValidateTokenAsync(token, AccessTokenIssuer.ValidationParameters(options.Value));
        if (!result.IsValid)
        {
            return new AccessTokenValidation(null, Describe(result.Exception));
        }

        var (principal, failure) = await sessions.CheckAsync(new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity), fromCache: false);
        return new AccessTokenValidation(principal, failure);
    }

    public static string Describe(Exception? exception) => exception switch
    {
        Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException => "The access token has expired.",
        _ => "The access token is not valid.",
    };
}
