using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Identity.Contracts;
using ProductDescriber.Identity.Login;
using ProductDescriber.Identity.Passwords;
using ProductDescriber.Identity.Persistence;
using ProductDescriber.Identity.Tokens;

namespace ProductDescriber.Identity.Users;

/// <summary><c>changePassword</c>: the caller changes their own password and gets a fresh token.</summary>
internal static class ChangePassword
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ChangePasswordPayloadGraphType>, ChangePasswordPayload>("changePassword")
            .Description("Changes your password; every token issued before stops working and a new one is returned.")
            .Argument<NonNullGraphType<ChangePasswordInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<ChangePasswordHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.ChangeAsync(
                ctx.CallerId(), ctx.GetArgument<ChangePasswordInput>("input"), ctx.ClientAddress(), ctx.CancellationToken));
}

internal sealed class ChangePasswordInput
{
    public string CurrentPassword { get; init; } = "";

    public string NewPassword { get; init; } = "";
}

internal sealed class ChangePasswordInputGraphType : InputObjectGraphType<ChangePasswordInput>
{
    public ChangePasswordInputGraphType()
    {
        Name = "ChangePasswordInput";
        Field(i => i.CurrentPassword);
        Field(i => i.NewPassword);
    }
}

internal sealed record ChangePasswordPayload(UserInfo? User, string? AccessToken, DateTimeOffset? ExpiresAt, IReadOnlyList<PayloadError> Errors) : IPayload;

internal sealed class ChangePasswordPayloadGraphType : PayloadGraphType<ChangePasswordPayload>
{
    public ChangePasswordPayloadGraphType()
        : base("ChangePasswordPayload")
    {
        Field<UserGraphType>("user").Description("You, on success.").Resolve(ctx => ctx.Source.User);
        Field(p => p.AccessToken, nullable: true).Description("A new token: every token issued before this change stops working.");
        Field(p => p.ExpiresAt, nullable: true).Description("When the new token stops working.");
    }
}

/// <summary>
/// Changes the caller's password and revokes every token issued before (new security stamp), closing the sockets and
/// streams opened with them on every Host; the payload carries a fresh token so the current client stays logged in.
/// </summary>
internal sealed class ChangePasswordHandler(IdentityDbContext db, PasswordHasher hasher, LoginThrottle throttle, AccessTokenIssuer issuer, TimeProvider clock, SessionRevocations revocations)
{
    public async Task<ChangePasswordPayload> ChangeAsync(long userId, ChangePasswordInput input, string? clientAddress, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        await using var attempt = await throttle.BeginAsync(user.Username, clientAddress, cancellationToken);
        if (attempt.RetryAfter is { } wait)
        {
            return Failure(new TooManyAttemptsError(LoginThrottle.Seconds(wait)));
        }

        if (!await hasher.VerifyAsync(input.CurrentPassword, user.PasswordHash))
        {
            await attempt.FailedAsync();
            return Failure(new ValidationError("currentPassword", "The current password is incorrect."));
        }

        await attempt.SucceededAsync();

        if (PasswordPolicy.Check(input.NewPassword, user.Username) is { } reason)
        {
            return Failure(new ValidationError("newPassword", reason));
        }

        user.PasswordHash = await hasher.HashAsync(input.NewPassword);
        user.SecurityStamp = User.NewStamp();
        user.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        revocations.Committed(user.Id);
        var token = issuer.Issue(user);
        return new ChangePasswordPayload(user.ToInfo(), token.Token, token.ExpiresAt, []);
    }

    private static ChangePasswordPayload Failure(PayloadError error) => new(null, null, null, [error]);
}
