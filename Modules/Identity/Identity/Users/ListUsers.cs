using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
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
        await using var db = await contexts.CreateDbContextAsync(ctx.CancellationToken);
        if (string.IsNullOrEmpty(search) && isActive is null && page is { Cursor: null, Backward: false })
        {
            return (await FirstPageAsync(db, page, ctx.CancellationToken)).Select(u => u.ToInfo());
        }

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

    // The list an admin opens first (no filter, first page), compiled once with and without its total: the general
    // path builds its paging expression per call, and EF then pays for finding that expression's translation.
    private static readonly Func<IdentityDbContext, int, IAsyncEnumerable<User>> FirstRows = EF.CompileAsyncQuery(
        (IdentityDbContext db, int take) => db.Users.AsNoTracking().OrderBy(u => u.Username).ThenBy(u => u.Id).Take(take));

    private static readonly Func<IdentityDbContext, int, IAsyncEnumerable<UserWithTotal>> FirstRowsWithTotal = EF.CompileAsyncQuery(
        (IdentityDbContext db, int take) => db.Users.AsNoTracking().OrderBy(u => u.Username).ThenBy(u => u.Id).Take(take)
            .Select(u => new UserWithTotal { User = u, Total = db.Users.Count() }));

    private static async Task<ConnectionResult<User>> FirstPageAsync(IdentityDbContext db, PageRequest page, CancellationToken cancellationToken)
    {
        var rows = new List<User>(page.Size + 1);
        var total = 0;
        if (page.IncludeTotalCount)
        {
            // With no filter, an empty page means no users at all: the total is then 0 without a second statement.
            await foreach (var row in FirstRowsWithTotal(db, page.Size + 1).WithCancellation(cancellationToken))
            {
                rows.Add(row.User);
                total = row.Total;
            }
        }
        else
        {
            await foreach (var row in FirstRows(db, page.Size + 1).WithCancellation(cancellationToken))
            {
                rows.Add(row);
            }
        }

        return KeysetPaging.ToConnection(rows, page, ByUsername, total);
    }

    private sealed class UserWithTotal
    {
        public required User User { get; init; }

        public int Total { get; init; }
    }
}
