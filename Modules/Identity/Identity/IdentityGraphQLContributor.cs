using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.GraphQL.Paging;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Contracts;
using ProductDescriber.Identity.Login;
using ProductDescriber.Identity.Persistence;
using ProductDescriber.Identity.Users;

namespace ProductDescriber.Identity.GraphQL;

/// <summary>Identity's root fields: <c>me</c>, <c>users</c>, <c>login</c> and the account mutations.</summary>
internal sealed class IdentitySchema : IGraphQLContributor
{
    private static readonly SortKey<User>[] ByUsername = [SortKey<User>.Ascending(u => u.Username), SortKey<User>.Ascending(u => u.Id)];

    public IEnumerable<Type> AdditionalTypes => [typeof(InvalidCredentialsErrorGraphType), typeof(TooManyAttemptsErrorGraphType)];

    public void ContributeQuery(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<UserGraphType>>("me")
            .Description("The user the access token belongs to.")
            .Resolve(ctx => ctx.RequestServices!.GetRequiredService<UserByIdLoader>().LoadAsync(CallerId(ctx)));

        query.AddConnectionField<UserGraphType, UserInfo>(
                "users",
                "Every user, ordered by username. Admins only.",
                ListUsersAsync,
                new QueryArgument<StringGraphType> { Name = "search", Description = "Only users whose username or email contains this text." },
                new QueryArgument<BooleanGraphType> { Name = "isActive", Description = "Only active (true) or deactivated (false) users." })
            .AuthorizeWithRoles(Roles.Admin);
    }

    public void ContributeMutation(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<LoginPayloadGraphType>>("login")
            .Description("Exchanges a username and password for an access token. The only field open without a token.")
            .Argument<NonNullGraphType<LoginInputGraphType>>("input")
            .AllowAnonymous()
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetArgument<LoginInput>("input");
                var result = await ctx.RequestServices!.GetRequiredService<LoginHandler>()
                    .LoginAsync(input.Username, input.Password, ClientAddress(ctx), ctx.CancellationToken);
                return result switch
                {
                    { Succeeded: true } => new LoginPayload(result.Token!.Token, result.Token.ExpiresAt, result.User!.ToInfo(), []),
                    { Throttled: { } throttled } => new LoginPayload(null, null, null, [throttled]),
                    _ => new LoginPayload(null, null, null, [new InvalidCredentialsError()]),
                };
            });

        mutation.Field<NonNullGraphType<UserPayloadGraphType>>("registerUser")
            .Description("Creates a user. Admins only.")
            .Argument<NonNullGraphType<RegisterUserInputGraphType>>("input")
            .AuthorizeWithRoles(Roles.Admin)
            .ResolveAsync(async ctx => await ctx.RequestServices!.GetRequiredService<RegisterUserHandler>()
                .RegisterAsync(ctx.GetArgument<RegisterUserInput>("input"), ctx.CancellationToken));

        mutation.Field<NonNullGraphType<ChangePasswordPayloadGraphType>>("changePassword")
            .Description("Changes your password; every token issued before stops working and a new one is returned.")
            .Argument<NonNullGraphType<ChangePasswordInputGraphType>>("input")
            .ResolveAsync(async ctx => await ctx.RequestServices!.GetRequiredService<ChangePasswordHandler>()
                .ChangeAsync(CallerId(ctx), ctx.GetArgument<ChangePasswordInput>("input"), ClientAddress(ctx), ctx.CancellationToken));

        mutation.Field<NonNullGraphType<UserPayloadGraphType>>("deactivateUser")
            .Description("Stops a user from logging in; their current tokens stop working at once. Admins only.")
            .Argument<NonNullGraphType<DeactivateUserInputGraphType>>("input")
            .AuthorizeWithRoles(Roles.Admin)
            .ResolveAsync(async ctx => await ctx.RequestServices!.GetRequiredService<DeactivateUserHandler>()
                .DeactivateAsync(CallerId(ctx), ctx.GetArgument<DeactivateUserInput>("input"), ctx.CancellationToken));
    }

    private static async Task<ConnectionResult<UserInfo>> ListUsersAsync(IResolveFieldContext ctx, PageRequest page)
    {
        var search = ctx.GetArgument<string?>("search")?.Trim().ToLowerInvariant();
        var isActive = ctx.GetArgument<bool?>("isActive");
        await using var db = await ctx.RequestServices!.GetRequiredService<IDbContextFactory<IdentityDbContext>>().CreateDbContextAsync(ctx.CancellationToken);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrEmpty(search))
        {
            users = users.Where(u => u.Username.Contains(search) || u.Email.Contains(search));
        }

        if (isActive is not null)
        {
            users = users.Where(u => u.IsActive == isActive);
        }

        var result = await users.ToConnectionAsync(page, ByUsername, ctx.CancellationToken);
        return result.Select(u => u.ToInfo());
    }

    /// <summary>The authorization rule has already refused anonymous callers for every field that calls this.</summary>
    private static long CallerId(IResolveFieldContext ctx) =>
        ctx.User.GetUserId() ?? throw new ExecutionError("Authentication required.") { Code = "UNAUTHENTICATED" };

    private static string? ClientAddress(IResolveFieldContext ctx) => (ctx.UserContext as RequestContext)?.ClientAddress;
}
