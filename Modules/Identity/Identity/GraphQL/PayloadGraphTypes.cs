using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Identity.Login;

namespace ProductDescriber.Identity.GraphQL;

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

internal sealed class UserPayloadGraphType : PayloadGraphType<UserPayload>
{
    public UserPayloadGraphType()
        : base("UserPayload")
    {
        Description = "Result of a mutation that changes a user.";
        Field<UserGraphType>("user").Description("The user as changed; null when the mutation failed.").Resolve(ctx => ctx.Source.User);
    }
}

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

internal sealed class InvalidCredentialsErrorGraphType() : PayloadErrorGraphType<InvalidCredentialsError>(
    "InvalidCredentialsError", "The username or password is incorrect (the same answer whether or not the user exists).");

internal sealed class TooManyAttemptsErrorGraphType : PayloadErrorGraphType<TooManyAttemptsError>
{
    public TooManyAttemptsErrorGraphType()
        : base("TooManyAttemptsError", "Too many failed attempts for this username or from this address.")
    {
        Field(e => e.RetryAfterSeconds).Description("Seconds to wait before the next attempt.");
    }
}
