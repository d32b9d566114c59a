using GraphQL.Types;
using ProductDescriber.BuildingBlocks.Security;

namespace ProductDescriber.Identity.GraphQL;

internal sealed class LoginInputGraphType : InputObjectGraphType<LoginInput>
{
    public LoginInputGraphType()
    {
        Name = "LoginInput";
        Field(i => i.Username).Description("Case-insensitive.");
        Field(i => i.Password);
    }
}

internal sealed class RegisterUserInputGraphType : InputObjectGraphType<RegisterUserInput>
{
    public RegisterUserInputGraphType()
    {
        Name = "RegisterUserInput";
        Field(i => i.Username).Description("3 to 50 of a-z, 0-9, '.', '_', '-'; stored lower case.");
        Field(i => i.Email);
        Field(i => i.Password).Description("At least 10 characters, at most 72 bytes, not easily guessed.");
        Field<UserRoleGraphType>("role").Description("Defaults to MEMBER.").DefaultValue(Roles.Member);
    }
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

internal sealed class DeactivateUserInputGraphType : InputObjectGraphType<DeactivateUserInput>
{
    public DeactivateUserInputGraphType()
    {
        Name = "DeactivateUserInput";
        Field<NonNullGraphType<IdGraphType>>("userId").Description("The user to deactivate.");
    }
}
