using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Identity.Users;

/// <summary><c>me</c>: the user the access token belongs to.</summary>
internal static class Me
{
    /// <summary>
    /// No scope of its own: the loader is the request's, so <c>me</c> shares one batch and one cache with every
    /// other user the request loads (<c>createdBy</c>, <c>node</c>).
    /// </summary>
    public static void AddField(ObjectGraphType query) =>
        query.Field<NonNullGraphType<UserGraphType>, UserInfo?>("me")
            .Description("The user the access token belongs to.")
            .Resolve()
            .WithService<UserByIdLoader>()
            .ResolveAsync((ctx, users) => users.LoadAsync(ctx.CallerId()));
}
