using System.Security.Claims;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>
/// The user a socket keeps for as long as it is open: the same claims, without what token validation hangs on them
/// (the parsed token with its decoded payload, per-claim property bag). A socket lives for hours, and a thousand of
/// them kept about 3 KB each of the token for nothing; claim types and issuers, few and repeated, are interned.
/// </summary>
internal static class KeptPrincipal
{
    public static ClaimsPrincipal Of(ClaimsPrincipal validated) =>
        new(validated.Identities.Select(identity => new ClaimsIdentity(
            identity.Claims.Select(claim => new Claim(string.Intern(claim.Type), claim.Value, string.Intern(claim.ValueType), string.Intern(claim.Issuer), string.Intern(claim.OriginalIssuer))),
            identity.AuthenticationType,
            identity.NameClaimType,
            identity.RoleClaimType)));
}
