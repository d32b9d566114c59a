using System.Net;
using System.Text.Json;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

/// <summary><c>me</c> and the admin-only <c>users</c> connection, paged over 25 users of its own.</summary>
public sealed class UsersQueryTests : IAsyncLifetime
{
    private const string Prefix = "pager-";
    private const string UsersPage = """
        query($first: Int, $after: String, $last: Int, $before: String, $search: String, $isActive: Boolean) {
          users(first: $first, after: $after, last: $last, before: $before, search: $search, isActive: $isActive) {
            totalCount
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            edges { cursor node { username email isActive } }
            nodes { username }
          }
        }
        """;

    private TestHost _host = null!;
    private GraphQLClient _admin = null!;
    private List<string> _usernames = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync("users");
        _admin = await _host.AdminAsync();

        // Registered out of order, so only the sort (not insertion order) can put them in username order.
        _usernames = [.. Enumerable.Range(1, 25).Select(i => $"{Prefix}{i:00}")];
        foreach (var username in _usernames.OrderBy(u => u[^1]).ThenByDescending(u => u))
        {
            (await _admin.RegisterAsync(username, $"{username}@paging.example.com", IdentityApi.NewPassword())).AssertNoErrors();
        }

        // Deactivate three of them (03, 13, 23) for the isActive filter.
        var all = (await _admin.QueryAsync("query($s: String) { users(first: 100, search: $s) { nodes { id username } } }", new { s = Prefix }))
            .GetProperty("users").GetProperty("nodes").EnumerateArray().ToList();
        foreach (var node in all.Where(n => n.Json("username").EndsWith('3')))
        {
            (await _admin.QueryAsync(IdentityApi.Deactivate, new { id = node.Json("id") })).GetProperty("deactivateUser").AssertNoErrors();
        }
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Me_returns_the_caller()
    {
        var member = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(member.Token);

        var me = (await client.QueryAsync("{ me { id username role } }")).GetProperty("me");

        Assert.Equal(member.Id, me.Json("id"));
        Assert.Equal(member.Username, me.Json("username"));
        Assert.Equal("MEMBER", me.Json("role"));
    }

    [Fact]
    public async Task Users_is_forbidden_to_a_member_with_403_and_no_data()
    {
        var member = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(member.Token);

        var response = await client.PostAsync("{ users { totalCount nodes { username } } }");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal(GraphQLClient.ResponseMediaType, response.ContentType);
        Assert.Equal("FORBIDDEN", Assert.Single(response.ErrorCodes));
        Assert.False(response.HasData);
    }

    [Fact]
    public async Task Forward_pages_list_every_user_once_in_username_order()
    {
        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var page = await PageAsync(new { first = 10, after, search = Prefix });
            pages++;
            Assert.Equal(25, page.GetProperty("totalCount").GetInt32());
            var names = Usernames(page);
            Assert.Equal(names, page.GetProperty("nodes").EnumerateArray().Select(n => n.Json("username")));
            seen.AddRange(names);
            var info = page.GetProperty("pageInfo");
            Assert.Equal(after is not null, info.GetProperty("hasPreviousPage").GetBoolean());
            Assert.Equal(page.GetProperty("edges")[0].Json("cursor"), info.Json("startCursor"));
            if (!info.GetProperty("hasNextPage").GetBoolean())
            {
                break;
            }

            after = info.Json("endCursor");
            Assert.Equal(page.GetProperty("edges")[9].Json("cursor"), after);
        }

        Assert.Equal(3, pages);
        Assert.Equal(_usernames, seen);
    }

    [Fact]
    public async Task Backward_pages_list_every_user_once_in_username_order()
    {
        var pages = new List<List<string>>();
        string? before = null;
        while (true)
        {
            var page = await PageAsync(new { last = 10, before, search = Prefix });
            Assert.Equal(25, page.GetProperty("totalCount").GetInt32());
            pages.Insert(0, Usernames(page));
            var info = page.GetProperty("pageInfo");
            Assert.Equal(before is not null, info.GetProperty("hasNextPage").GetBoolean());
            if (!info.GetProperty("hasPreviousPage").GetBoolean())
            {
                break;
            }

            before = info.Json("startCursor");
        }

        Assert.Equal([10, 10, 5], pages.Select(p => p.Count).Reverse());
        Assert.Equal(_usernames, pages.SelectMany(p => p));
    }

    [Fact]
    public async Task Search_is_case_insensitive_over_username_and_email()
    {
        var byName = await PageAsync(new { first = 100, search = "PAGER-1" });
        Assert.Equal(_usernames.Where(u => u.StartsWith("pager-1", StringComparison.Ordinal)), Usernames(byName));
        Assert.Equal(10, byName.GetProperty("totalCount").GetInt32());

        var byEmail = await PageAsync(new { first = 100, search = "PAGING.EXAMPLE" });
        Assert.Equal(_usernames, Usernames(byEmail));
        Assert.All(byEmail.GetProperty("edges").EnumerateArray(), e => Assert.EndsWith("@paging.example.com", e.Json("node", "email")));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("pager-%5")]
    public async Task Search_text_is_literal_not_a_pattern(string search)
    {
        var page = await PageAsync(new { first = 100, search });
        Assert.Empty(Usernames(page));
        Assert.Equal(0, page.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task IsActive_filters_active_and_deactivated_users()
    {
        var inactive = await PageAsync(new { first = 100, search = Prefix, isActive = false });
        var active = await PageAsync(new { first = 100, search = Prefix, isActive = true });

        Assert.Equal(_usernames.Where(u => u.EndsWith('3')), Usernames(inactive));
        Assert.Equal(_usernames.Where(u => !u.EndsWith('3')), Usernames(active));
        Assert.Equal(3, inactive.GetProperty("totalCount").GetInt32());
        Assert.Equal(22, active.GetProperty("totalCount").GetInt32());
        Assert.All(inactive.GetProperty("edges").EnumerateArray(), e => Assert.False(e.GetProperty("node").GetProperty("isActive").GetBoolean()));
    }

    [Fact]
    public async Task Filters_and_cursors_combine()
    {
        var first = await PageAsync(new { first = 4, search = Prefix, isActive = true });
        var second = await PageAsync(new { first = 4, after = first.GetProperty("pageInfo").Json("endCursor"), search = Prefix, isActive = true });

        var expected = _usernames.Where(u => !u.EndsWith('3')).ToList();
        Assert.Equal(expected.Take(4), Usernames(first));
        Assert.Equal(expected.Skip(4).Take(4), Usernames(second));
    }

    [Theory]
    [InlineData("users(first: 101) { totalCount }")]
    [InlineData("users(last: 101) { totalCount }")]
    [InlineData("users(first: 1, last: 1) { totalCount }")]
    [InlineData("users(first: -1) { totalCount }")]
    [InlineData("users(last: 1, after: \"x\") { totalCount }")]
    public async Task Paging_arguments_out_of_bounds_are_an_error(string field)
    {
        var response = await _admin.PostAsync($"{{ {field} }}");

        Assert.Equal("INVALID_PAGING", Assert.Single(response.ErrorCodes));
        Assert.Equal(JsonValueKind.Null, response.Data.ValueKind);
    }

    [Fact]
    public async Task A_forged_cursor_is_an_error()
    {
        var response = await _admin.PostAsync("{ users(first: 5, after: \"bm90LWEtY3Vyc29y\") { totalCount } }");

        Assert.Equal("INVALID_CURSOR", Assert.Single(response.ErrorCodes));
    }

    private async Task<JsonElement> PageAsync(object variables) =>
        (await _admin.QueryAsync(UsersPage, variables)).GetProperty("users");

    private static List<string> Usernames(JsonElement page) =>
        [.. page.GetProperty("edges").EnumerateArray().Select(e => e.Json("node", "username"))];
}
