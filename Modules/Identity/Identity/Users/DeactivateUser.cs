using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Persistence;
using ProductDescriber.Identity.Tokens;

namespace ProductDescriber.Identity.Users;

/// <summary><c>deactivateUser</c>: an admin stops a user from logging in.</summary>
internal static class DeactivateUser
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<UserPayloadGraphType>, UserPayload>("deactivateUser")
            .Description("Stops a user from logging in; their current tokens stop working at once. Admins only.")
            .Argument<NonNullGraphType<DeactivateUserInputGraphType>>("input")
            .AuthorizeWithRoles(Roles.Admin)
            .Resolve()
            .WithScope()
            .WithService<DeactivateUserHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.DeactivateAsync(
                ctx.CallerId(), ctx.GetArgument<DeactivateUserInput>("input"), ctx.CancellationToken));
}

internal sealed class DeactivateUserInput
{
    public string UserId { get; init; } = "";
}

internal sealed class DeactivateUserInputGraphType : InputObjectGraphType<DeactivateUserInput>
{
    public DeactivateUserInputGraphType()
    {
        Name = "DeactivateUserInput";
        Field<NonNullGraphType<IdGraphType>>("userId").Description("The user to deactivate.");
    }
}

/// <summary>
/// Deactivates a user; the new security stamp makes their existing tokens fail on the next request, and the announced
/// revocation closes their open sockets and streams on every Host.
/// </summary>
internal sealed class DeactivateUserHandler(IdentityDbContext db, TimeProvider clock, SessionRevocations revocations)
{
    public async Task<UserPayload> DeactivateAsync(long callerId, DeactivateUserInput input, CancellationToken cancellationToken)
    {
        if (!GlobalId.TryDecodeLong(input.UserId, UserGraphType.TypeName, out var userId))
        {
            return UserPayload.Failure(new ValidationError("userId", "This is not a User id."));
        }

        if (userId == callerId)
        {
            return UserPayload.Failure(new ValidationError("userId", "You cannot deactivate yourself."));
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return UserPayload.Failure(new NotFoundError("No user has this id."));
        }

        if (user.IsActive)
        {
            user.IsActive = false;
            user.SecurityStamp = User.NewStamp();
            user.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            revocations.Committed(user.Id);
        }

        return UserPayload.Success(user.ToInfo());
    }
}
