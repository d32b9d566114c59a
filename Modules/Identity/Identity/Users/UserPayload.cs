using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Identity.Users;

/// <summary>The payload of the mutations that change a user and return it (<c>registerUser</c>, <c>deactivateUser</c>).</summary>
internal sealed record UserPayload(UserInfo? User, IReadOnlyList<PayloadError> Errors) : IPayload
{
    public static UserPayload Success(UserInfo user) => new(user, []);

    public static UserPayload Failure(params PayloadError[] errors) => new(null, errors);
}

internal sealed class UserPayloadGraphType : PayloadGraphType<UserPayload>
{
    public UserPayloadGraphType()
        : base("UserPayload")
    {
        Description = "Result of a mutation that changes a user.";
        Field<UserGraphType>("user").Description("The user as changed; null when the mutation failed.").Resolve(ctx => ctx.Source.User);
    }
}
