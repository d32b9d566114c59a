using GraphQL;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Contracts;
using ProductDescriber.Identity.Login;

namespace ProductDescriber.Identity.Users;

internal sealed class UserGraphType : NodeGraphType<UserInfo>
{
    public const string TypeName = "User";

    public UserGraphType()
        : base(TypeName, u => u.Id)
    {
        Description = "Someone who can log in.";
        Field(u => u.Username).Description("Unique login name, lower case.");
        Field<StringGraphType>("email")
            .Description("Email address; visible to the user themself and to admins, null for everyone else.")
            .Resolve(ctx => MaySeeEmail(ctx) ? ctx.Source.Email : null);
        Field<NonNullGraphType<UserRoleGraphType>>("role").Description("What the user may do.").Resolve(ctx => ctx.Source.Role);
        Field(u => u.IsActive).Description("False once deactivated: the user can no longer log in.");
        Field(u => u.CreatedAt).Description("When the user was registered.");
    }

    /// <summary>Admins, and the user themself: by token, or in <c>login</c>'s payload, where they just proved their password.</summary>
    private static bool MaySeeEmail(IResolveFieldContext<UserInfo> ctx) =>
        ctx.User.GetUserId() == ctx.Source.Id || ctx.User.IsAdmin() || ctx.Parent?.Source is LoginPayload { AccessToken: not null };
}

internal sealed class UserRoleGraphType : EnumerationGraphType
{
    public UserRoleGraphType()
    {
        Name = "UserRole";
        Add("ADMIN", Roles.Admin, "Manages users and may delete products.");
        Add("MEMBER", Roles.Member, "Works with the catalogue.");
    }
}
