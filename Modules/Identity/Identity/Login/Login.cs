using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Identity.Contracts;
using ProductDescriber.Identity.Passwords;
using ProductDescriber.Identity.Persistence;
using ProductDescriber.Identity.Tokens;
using ProductDescriber.Identity.Users;

namespace ProductDescriber.Identity.Login;

/// <summary>
/// <c>login</c>: a username and password for an access token. Guarded twice: <see cref="LoginLimitRule"/> refuses a
/// document with more than one <c>login</c>, and <see cref="LoginThrottle"/> slows down guessing. Named with the
/// verb, as every use case is (<c>Login</c> is this folder's namespace).
/// </summary>
internal static class LogIn
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<LoginPayloadGraphType>, LoginPayload>("login")
            .Description("Exchanges a username and password for an access token. The only field open without a token.")
            .Argument<NonNullGraphType<LoginInputGraphType>>("input")
            .AllowAnonymous()
            .Resolve()
            .WithScope()
            .WithService<LoginHandler>()
            .ResolveAsync(async (ctx, handler) =>
            {
                var input = ctx.GetArgument<LoginInput>("input");
                var result = await handler.LoginAsync(input.Username, input.Password, ctx.ClientAddress(), ctx.CancellationToken);
                return result switch
                {
                    { Succeeded: true } => new LoginPayload(result.Token!.Token, result.Token.ExpiresAt, result.User!.ToInfo(), []),
                    { Throttled: { } throttled } => new LoginPayload(null, null, null, [throttled]),
                    _ => new LoginPayload(null, null, null, [new InvalidCredentialsError()]),
                };
            });
}

internal sealed class LoginInput
{
    public string Username { get; init; } = "";

    public string Password { get; init; } = "";
}

internal sealed class LoginInputGraphType : InputObjectGraphType<LoginInput>
{
    public LoginInputGraphType()
    {
        Name = "LoginInput";
        Field(i => i.Username).Description("Case-insensitive.");
        Field(i => i.Password);
    }
}

internal sealed record LoginPayload(string? AccessToken, DateTimeOffset? ExpiresAt, UserInfo? User, IReadOnlyList<PayloadError> Errors) : IPayload;

internal sealed class LoginPayloadGraphType : PayloadGraphType<LoginPayload>
{
    public LoginPayloadGraphType()
        : base("LoginPayload")
    {
        Field(p => p.AccessToken, nullable: true).Description("Send as `Authorization: Bearer <token>`; null when login failed.");
        Field(p => p.ExpiresAt, nullable: true).Description("When the token stops working.");
        Field<UserGraphType>("user").Description("The user logged in.").Resolve(ctx => ctx.Source.User);
    }
}

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
