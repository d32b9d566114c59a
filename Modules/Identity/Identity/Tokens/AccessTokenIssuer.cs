using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Users;

namespace ProductDescriber.Identity.Tokens;

internal sealed record AccessToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>Issues HS256 access tokens carrying the user id, name, role and security stamp.</summary>
internal sealed class AccessTokenIssuer(IOptions<IdentityOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public AccessToken Issue(User user)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var expiresAt = now.AddMinutes(settings.AccessTokenExpireMinutes);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(settings), SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(
            [
                new Claim(AppClaims.UserId, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(AppClaims.UserName, user.Username),
                new Claim(AppClaims.Role, user.Role),
                new Claim(AppClaims.SecurityStamp, user.SecurityStamp),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
        };
        return new AccessToken(_handler.CreateToken(descriptor), expiresAt);
    }

    public static SymmetricSecurityKey SigningKey(IdentityOptions settings) => new(Encoding.UTF8.GetBytes(settings.SecretKey));

    /// <summary>The one set of rules every token must pass, on HTTP and on WebSocket alike.</summary>
    public static TokenValidationParameters ValidationParameters(IdentityOptions settings) => new()
    {
        ValidIssuer = settings.Issuer,
        ValidAudience = settings.Audience,
        IssuerSigningKey = SigningKey(settings),
        // Only HS256: refuses "alg: none" and algorithm-confusion tokens outright.
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = AppClaims.UserName,
        RoleClaimType = AppClaims.Role,
    };
}
