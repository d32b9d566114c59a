using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.Identity.Login;
using ProductDescriber.Identity.Users;

namespace ProductDescriber.Identity;

/// <summary>
/// Identity's root fields, one use case each. The order here is the order in the printed schema (a snapshot test
/// holds it), so a new field goes where it should read, not just at the end.
/// </summary>
internal sealed class IdentityGraphQLContributor : IGraphQLContributor
{
    public IEnumerable<Type> AdditionalTypes => [typeof(InvalidCredentialsErrorGraphType), typeof(TooManyAttemptsErrorGraphType)];

    public void ContributeQuery(ObjectGraphType query)
    {
        Me.AddField(query);
        ListUsers.AddField(query);
    }

    public void ContributeMutation(ObjectGraphType mutation)
    {
        LogIn.AddField(mutation);
        RegisterUser.AddField(mutation);
        ChangePassword.AddField(mutation);
        DeactivateUser.AddField(mutation);
    }
}
