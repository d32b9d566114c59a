using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using ProductDescriber.BuildingBlocks.Security;

namespace ProductDescriber.Identity.Tokens;

/// <summary>Validates a raw token (WebSocket init payloads) with the same parameters and session check as HTTP.</summary>
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

        var (principal, failure) = await sessions.CheckAsync(new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity));
        return new AccessTokenValidation(principal, failure);
    }

    public static string Describe(Exception? exception) => exception switch
    {
        Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException => "The access token has expired.",
        _ => "The access token is not valid.",
    };
}
