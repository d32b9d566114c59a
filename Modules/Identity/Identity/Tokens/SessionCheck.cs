using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Persistence;

namespace ProductDescriber.Identity.Tokens;

/// <summary>
/// The part of token validation a signature cannot do: is the user still active, and was the token issued under
/// the current security stamp? One primary-key read per request, so deactivation and password changes revoke
/// tokens at once on every Host. The role is taken from the database, not the token, for the same reason.
/// </summary>
internal sealed class SessionCheck(IDbContextFactory<IdentityDbContext> contexts)
{
    private static readonly Func<IdentityDbContext, long, Task<Session?>> FindSession = EF.CompileAsyncQuery(
        (IdentityDbContext db, long id) => db.Users
            .Where(u => u.Id == id)
            .Select(u => new Session(u.IsActive, u.SecurityStamp, u.Role))
            .FirstOrDefault());

    /// <summary>Returns the principal to use (role refreshed), or null with the reason the token is refused.</summary>
    public async Task<(ClaimsPrincipal? Principal, string? Failure)> CheckAsync(ClaimsPrincipal principal)
    {
        var userId = principal.GetUserId();
        var stamp = principal.FindFirst(AppClaims.SecurityStamp)?.Value;
        if (userId is null || stamp is null)
        {
            return (null, "The access token lacks its user or session claims.");
        }

        await using var db = await contexts.CreateDbContextAsync();
        var session = await FindSession(db, userId.Value);
        if (session is null || !session.IsActive)
        {
            return (null, "The user of this access token is no longer active.");
        }

        if (session.SecurityStamp != stamp)
        {
            return (null, "The access token was revoked; log in again.");
        }

        var identity = (ClaimsIdentity)principal.Identity!;
        foreach (var role in identity.FindAll(AppClaims.Role).ToList())
        {
            identity.RemoveClaim(role);
        }

        identity.AddClaim(new Claim(AppClaims.Role, session.Role));
        return (principal, null);
    }

    private sealed record Session(bool IsActive, string SecurityStamp, string Role);
}
