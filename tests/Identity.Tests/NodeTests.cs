using System.Text;
using System.Text.Json;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

public sealed class NodeTests : IAsyncLifetime
{
    private const string NodesQuery = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on User { username } } }";

    private TestHost _host = null!;
    private GraphQLClient _admin = null!;
    private List<string> _ids = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync("nodes");
        _admin = await _host.AdminAsync();
        _ids = [];
        for (var i = 0; i < 20; i++)
        {
            var username = IdentityApi.NewUsername($"node{i}");
            var payload = await _admin.RegisterAsync(username, $"{username}@example.com", IdentityApi.NewPassword());
            payload.AssertNoErrors();
            _ids.Add(payload.Json("user", "id"));
        }
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Node_returns_the_user_for_a_user_id()
    {
        var member = await _host.CreateUserAsync();

        var node = (await _admin.QueryAsync("query($id: ID!) { node(id: $id) { __typename id ... on User { username role } } }", new { id = member.Id })).GetProperty("node");

        Assert.Equal("User", node.Json("__typename"));
        Assert.Equal(member.Id, node.Json("id"));
        Assert.Equal(member.Username, node.Json("username"));
        Assert.Equal("MEMBER", node.Json("role"));
    }

    [Fact]
    public async Task A_member_sees_other_users_names_but_only_their_own_email()
    {
        var member = await _host.CreateUserAsync();
        var other = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(member.Token);
        const string Query = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on User { id username email } } }";

        var nodes = (await client.QueryAsync(Query, new { ids = new[] { member.Id, other.Id } })).GetProperty("nodes");

        Assert.Equal(member.Username, nodes[0].Json("username"));
        Assert.Equal($"{member.Username}@example.com", nodes[0].Json("email"));
        Assert.Equal(other.Username, nodes[1].Json("username"));
        Assert.Equal(JsonValueKind.Null, nodes[1].GetProperty("email").ValueKind);

        var asAdmin = (await _admin.QueryAsync(Query, new { ids = new[] { other.Id } })).GetProperty("nodes");
        Assert.Equal($"{other.Username}@example.com", asAdmin[0].Json("email"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("User:abc")]
    [InlineData("User:987654321")]
    [InlineData("User:0")]
    [InlineData("User:01")]
    [InlineData("Product:1")]
    [InlineData("Nope")]
    public async Task Invalid_or_unknown_ids_resolve_to_null(string id)
    {
        var encoded = id == "garbage" ? id : Convert.ToBase64String(Encoding.UTF8.GetBytes(id));

        var response = await _admin.PostAsync("query($id: ID!) { node(id: $id) { id } }", new { id = encoded });

        Assert.Empty(response.Errors);
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("node").ValueKind);
    }

    [Fact]
    public async Task Nodes_keeps_the_order_asked_with_nulls_in_place()
    {
        var ids = new[] { _ids[3], "garbage", _ids[1], _ids[3] };

        var nodes = (await _admin.QueryAsync(NodesQuery, new { ids })).GetProperty("nodes");

        Assert.Equal(_ids[3], nodes[0].Json("id"));
        Assert.Equal(JsonValueKind.Null, nodes[1].ValueKind);
        Assert.Equal(_ids[1], nodes[2].Json("id"));
        Assert.Equal(_ids[3], nodes[3].Json("id"));
    }

    [Fact]
    public async Task Nodes_refuses_more_than_fifty_ids()
    {
        var ids = Enumerable.Repeat(_ids[0], 51).ToArray();

        var response = await _admin.PostAsync(NodesQuery, new { ids });

        Assert.Equal("TOO_MANY_IDS", Assert.Single(response.ErrorCodes));
        Assert.Equal(JsonValueKind.Null, response.Data.ValueKind);

        var fifty = await _admin.QueryAsync(NodesQuery, new { ids = ids[..50] });
        Assert.Equal(50, fifty.GetProperty("nodes").GetArrayLength());
    }

    [Fact]
    public async Task Twenty_user_ids_cost_the_same_SQL_statements_as_two()
    {
        var counter = _host.GetService<SqlStatementCounter>();
        await _admin.QueryAsync(NodesQuery, new { ids = _ids.Take(2) });

        var beforeTwo = counter.Count;
        var two = await _admin.QueryAsync(NodesQuery, new { ids = _ids.Take(2) });
        var forTwo = counter.Count - beforeTwo;

        var beforeTwenty = counter.Count;
        var twenty = await _admin.QueryAsync(NodesQuery, new { ids = _ids });
        var forTwenty = counter.Count - beforeTwenty;

        Assert.Equal(2, two.GetProperty("nodes").GetArrayLength());
        Assert.Equal(_ids, twenty.GetProperty("nodes").EnumerateArray().Select(n => n.Json("id")));
        Assert.Equal(forTwo, forTwenty);

        // The caller's session is cached after the first request (docs/adr/0038): the users take one statement,
        // however many there are.
        Assert.Equal(1, forTwenty);
    }
}
