using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Contracts;
using ProductDescriber.Identity.Persistence;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.Identity.Users;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

/// <summary>The users other modules look up by id, read with hand-written SQL (ADR 0044): the same as EF's mapping says.</summary>
public sealed class UserDirectoryTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync("directory");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Users_read_by_id_are_the_rows_as_EF_maps_them_and_unknown_ids_are_left_out()
    {
        using var admin = await _host.AdminAsync();
        await _host.CreateUserAsync();
        var deactivated = await _host.CreateUserAsync();
        var deactivation = (await admin.QueryAsync(IdentityApi.Deactivate, new { id = deactivated.Id })).GetProperty("deactivateUser");
        Assert.False(deactivation.GetProperty("user").GetProperty("isActive").GetBoolean());
        await using var db = await _host.GetService<IDbContextFactory<IdentityDbContext>>().CreateDbContextAsync();
        var expected = await db.Users.AsNoTracking()
            .Select(u => new UserInfo(u.Id, u.Username, u.Email, u.Role, u.IsActive, u.CreatedAt))
            .ToDictionaryAsync(u => u.Id);
        var unknown = expected.Keys.Max() + 1000;

        var found = await _host.GetService<IUserDirectory>().FindAsync([.. expected.Keys, unknown], CancellationToken.None);

        Assert.Equal(expected.Count, found.Count);
        Assert.All(expected, pair => Assert.Equal(pair.Value, found[pair.Key]));
        Assert.DoesNotContain(unknown, found.Keys);
        Assert.Contains(found.Values, u => u.Role == Roles.Admin);
        Assert.Contains(found.Values, u => !u.IsActive);
    }

    [Fact]
    public async Task The_first_page_by_username_is_EF_s_order_with_the_total_in_one_counted_statement()
    {
        for (var i = 0; i < 4; i++)
        {
            await _host.CreateUserAsync();
        }

        var directory = _host.GetService<UserDirectory>();
        await using var db = await _host.GetService<IDbContextFactory<IdentityDbContext>>().CreateDbContextAsync();
        var expected = await db.Users.AsNoTracking().OrderBy(u => u.Username).ThenBy(u => u.Id)
            .Select(u => new UserInfo(u.Id, u.Username, u.Email, u.Role, u.IsActive, u.CreatedAt))
            .ToListAsync();

        var (withTotal, total) = await directory.FirstByUsernameAsync(3, withTotal: true, CancellationToken.None);
        var (all, noTotal) = await directory.FirstByUsernameAsync(1000, withTotal: false, CancellationToken.None);

        Assert.Equal(expected.Take(3), withTotal);
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected, all);
        Assert.Equal(0, noTotal);
        var counter = _host.GetService<SqlStatementCounter>();
        Assert.Equal(1, await counter.FewestOfThreeAsync(() => directory.FirstByUsernameAsync(21, withTotal: true, CancellationToken.None)));
    }

    [Fact]
    public async Task Paging_on_from_the_first_page_of_users_visits_every_user_once()
    {
        using var admin = await _host.AdminAsync();
        for (var i = 0; i < 4; i++)
        {
            await _host.CreateUserAsync();
        }

        // No filter and no cursor: the first request takes the hand-written page, the later ones EF's keyset path.
        var visited = new List<string>();
        string? after = null;
        do
        {
            var page = (await admin.QueryAsync(
                "query($after: String) { users(first: 2, after: $after) { nodes { username } pageInfo { hasNextPage endCursor } } }",
                new { after })).GetProperty("users");
            visited.AddRange(page.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("username").GetString()!));
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        }
        while (after is not null);

        await using var db = await _host.GetService<IDbContextFactory<IdentityDbContext>>().CreateDbContextAsync();
        Assert.Equal(await db.Users.OrderBy(u => u.Username).ThenBy(u => u.Id).Select(u => u.Username).ToListAsync(), visited);
    }

    [Fact]
    public async Task A_lookup_is_one_counted_statement_however_many_ids()
    {
        var counter = _host.GetService<SqlStatementCounter>();
        var directory = _host.GetService<IUserDirectory>();
        long[] fifty = [.. Enumerable.Range(1, 50).Select(i => (long)i)];
        await directory.FindAsync([1], CancellationToken.None);

        var forOne = await counter.FewestOfThreeAsync(() => directory.FindAsync([1], CancellationToken.None));
        var forFifty = await counter.FewestOfThreeAsync(() => directory.FindAsync(fifty, CancellationToken.None));

        Assert.Equal(1, forOne);
        Assert.Equal(1, forFifty);
    }
}
