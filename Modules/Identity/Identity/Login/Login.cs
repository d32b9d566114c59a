using Microsoft.EntityFrameworkCore;
using ProductDescriber.Identity.Passwords;
using ProductDescriber.Identity.Persistence;
using ProductDescriber.Identity.Tokens;
using ProductDescriber.Identity.Users;

namespace ProductDescriber.Identity.Login;

internal sealed record LoginResult(User? User, AccessToken? Token, TooManyAttemptsError? Throttled)
{
    public bool Succeeded => Token is not null;
}

internal sealed class LoginHandler(
    IdentityDbContext db,
    PasswordHasher hasher,
    LoginThrottle throttle,
    AccessTokenIssuer issuer,
    TimeProvider clock)
{
    public async Task<LoginResult> LoginAsync(string username, string password, string? clientAddress, CancellationToken cancellationToken)
    {
        var normalized = username.Trim().ToLowerInvariant();
        await using var attempt = await throttle.BeginAsync(normalized, clientAddress, cancellationToken);
        if (attempt.RetryAfter is { } wait)
        {
            return Throttled(wait);
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Username == normalized, cancellationToken);
        bool passwordMatches;
        try
        {
            // Verified even when the user does not exist (against a decoy hash), so timing reveals nothing.
            passwordMatches = await hasher.VerifyAsync(password, user?.PasswordHash);
        }
        catch (PasswordHasherBusyException)
        {
            return Throttled(attempt.Busy());
        }

        if (!passwordMatches || user is null || !user.IsActive)
        {
            await attempt.FailedAsync();
            return new LoginResult(null, null, null);
        }

        await attempt.SucceededAsync();
        user.LastLoginAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return new LoginResult(user, issuer.Issue(user), null);
    }

    private static LoginResult Throttled(TimeSpan wait) =>
        new(null, null, new TooManyAttemptsError(LoginThrottle.Seconds(wait)));
}
