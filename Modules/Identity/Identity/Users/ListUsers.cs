using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.Paging;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Contracts;
using ProductDescriber.Identity.Persistence;

namespace ProductDescriber.Identity.Users;

/// <summary>
/// <c>users</c>: the admins' list of accounts, filtered and paged. A query: it takes a short-lived context from the
/// pooled factory, since query resolvers run in parallel and cannot share the request's.
/// </summary>
internal static class ListUsers
{
    private static readonly SortKey<User>[] ByUsername = [SortKey<User>.Ascending(u => u.Username), SortKey<User>.Ascending(u => u.Id)];

    // The same order over the records the first page reads: its cursors carry the same values, for ByUsername to go on.
    private static readonly SortKey<UserInfo>[] FirstByUsername = [SortKey<UserInfo>.Ascending(u => u.Username), SortKey<UserInfo>.Ascending(u => u.Id)];

    public static void AddField(ObjectGraphType query) =>
        query.AddConnectionField<UserGraphType, UserInfo, IDbContextFactory<IdentityDbContext>>(
                "users",
                "Every user, ordered by username. Admins only.",
                ListAsync,
                new QueryArgument<StringGraphType> { Name = "search", Description = "Only users whose username or email contains this text." },
                new QueryArgument<BooleanGraphType> { Name = "isActive", Description = "Only active (true) or deactivated (false) users." })
            .AuthorizeWithRoles(Roles.Admin);

    private static async Task<ConnectionResult<UserInfo>> ListAsync(IResolveFieldContext ctx, IDbContextFactory<IdentityDbContext> contexts, PageRequest page)
    {
        var search = ctx.GetArgument<string?>("search")?.Trim().ToLowerInvariant();
        var isActive = ctx.GetArgument<bool?>("isActive");
        if (string.IsNullOrEmpty(search) && isActive is null && page is { Cursor: null, Backward: false })
        {
            // The list an admin opens first: one hand-written statement, its total included when asked (ADR 0047).
            var (rows, total) = await ctx.RequestServices!.GetRequiredService<UserDirectory>()
                .FirstByUsernameAsync(page.Size + 1, page.IncludeTotalCount, ctx.CancellationToken);
            return KeysetPaging.ToConnection(rows, page, FirstByUsername, total);
        }

        await using var db = await contexts.CreateDbContextAsync(ctx.CancellationToken);
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
}
