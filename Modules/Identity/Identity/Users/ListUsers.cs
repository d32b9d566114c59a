using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Paging;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Contracts;
using ProductDescriber.Identity.Persistence;

namespace ProductDescriber.Identity.Users;

/// <summary><c>users</c>: the admins' list of accounts, filtered and paged.</summary>
internal static class ListUsers
{
    public static void AddField(ObjectGraphType query) =>
        query.AddConnectionField<UserGraphType, UserInfo, ListUsersHandler>(
                "users",
                "Every user, ordered by username. Admins only.",
                (ctx, handler, page) => handler.ListAsync(ctx.GetArgument<string?>("search"), ctx.GetArgument<bool?>("isActive"), page, ctx.CancellationToken),
                new QueryArgument<StringGraphType> { Name = "search", Description = "Only users whose username or email contains this text." },
                new QueryArgument<BooleanGraphType> { Name = "isActive", Description = "Only active (true) or deactivated (false) users." })
            .AuthorizeWithRoles(Roles.Admin);
}

/// <summary>Opens a context of its own per call: query resolvers run in parallel, so they cannot share the request's.</summary>
internal sealed class ListUsersHandler(IDbContextFactory<IdentityDbContext> contexts)
{
    private static readonly SortKey<User>[] ByUsername = [SortKey<User>.Ascending(u => u.Username), SortKey<User>.Ascending(u => u.Id)];

    public async Task<ConnectionResult<UserInfo>> ListAsync(string? search, bool? isActive, PageRequest page, CancellationToken cancellationToken)
    {
        search = search?.Trim().ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrEmpty(search))
        {
            users = users.Where(u => u.Username.Contains(search) || u.Email.Contains(search));
        }

        if (isActive is not null)
        {
            users = users.Where(u => u.IsActive == isActive);
        }

        var result = await users.ToConnectionAsync(page, ByUsername, cancellationToken);
        return result.Select(u => u.ToInfo());
    }
}
