using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Persistence;

namespace ProductDescriber.Identity.Tokens;

/// <summary>
/// The part of token validation a signature cannot do: is the user still active, and was the token issued under
/// the current security stamp? Deactivation and password changes thus revoke tokens at once on every Host. The role
/// is taken from the database, not the token, for the same reason. A primary-key read, unless
/// <see cref="SessionCache"/> holds the user's session from an earlier request.
/// </summary>
internal sealed class SessionCheck(IDbContextFactory<IdentityDbContext> contexts, SessionCache cache)
{
    private static readonly Func<IdentityDbContext, long, Task<Session?>> FindSession = EF.CompileAsyncQuery(
        (IdentityDbContext db, long id) => db.Users
            .Where(u => u.Id == id)
            .Select(u => new Session(u.IsActive, u.SecurityStamp, u.Role))
            .FirstOrDefault());

    /// <summary>Returns the principal to use (role refreshed), or null with the reason the token is refused.</summary>
    /// <param name="fromCache">
    /// False for the checks of long-lived connections (ADR 0008: before each operation and periodically), which are
    /// the defence against a revocation whose event never came: they read the database, and what they read
    /// refreshes the cache for the requests that follow.
    /// </param>
    public async Task<(ClaimsPrincipal? Principal, string? Failure)> CheckAsync(ClaimsPrincipal principal, bool fromCache)
    {
        var userId = principal.GetUserId();
        var stamp = principal.FindFirst(AppClaims.SecurityStamp)?.Value;
        if (userId is null || stamp is null)
        {
            return (null, "The access token lacks its user or session claims.");
        }

        if ((fromCache ? cache.Find(userId.Value) : null) is not { } session)
        {
            var ticket = cache.BeginRead();
            await using var db = await contexts.CreateDbContextAsync();
            if (await FindSession(db, userId.Value) is not { IsActive: true } stored)
            {
                cache.Evict(userId.Value);
                return (null, "The user of this access token is no longer active.");
            }

            session = new CachedSession(stored.SecurityStamp, stored.Role);
            cache.Store(userId.Value, session, ticket);
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
