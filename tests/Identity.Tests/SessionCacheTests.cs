using System.Net;
using Npgsql;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

/// <summary>
/// A request with a token reads its session once, then no more while nothing changes (docs/adr/0038); a change
/// made on this Host is seen by the very next request, and a bus that lost its connection sends every request back
/// to the database until it listens again.
/// </summary>
public sealed class SessionCacheTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private GraphQLClient _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync("session-cache");
        _admin = await _host.AdminAsync();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_repeated_read_of_one_object_costs_one_statement()
    {
        var member = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(member.Token);
        var first = await StatementsForAsync(client);

        var second = await StatementsForAsync(client);

        Assert.Equal(2, first); // The session, then the user for `me`.
        Assert.Equal(1, second);
    }

    [Fact]
    public async Task A_deactivation_on_this_host_refuses_the_cached_session_on_the_next_request()
    {
        var member = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(member.Token);
        await StatementsForAsync(client);

        (await _admin.QueryAsync(IdentityApi.Deactivate, new { id = member.Id })).GetProperty("deactivateUser").AssertNoErrors();
        var refused = await client.PostAsync("{ me { id } }");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Contains("no longer active", refused.Errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_lived_connections_check_reads_the_database_and_refreshes_the_cache_for_http()
    {
        var member = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(member.Token);
        await StatementsForAsync(client);

        // A revocation no event announces (an operator's UPDATE): the checks of sockets and streams still see it.
        await using (var connection = new NpgsqlConnection(_host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var rotate = new NpgsqlCommand("UPDATE identity.users SET security_stamp = md5(random()::text) WHERE username = $1", connection)
            {
                Parameters = { new NpgsqlParameter { Value = member.Username } },
            };
            Assert.Equal(1, await rotate.ExecuteNonQueryAsync());
        }

        var validation = await _host.GetService<IAccessTokenValidator>().ValidateAsync(member.Token, CancellationToken.None);
        var refused = await client.PostAsync("{ me { id } }");

        Assert.False(validation.IsValid);
        Assert.Contains("revoked", validation.Failure, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
    }

    [Fact]
    public async Task An_operators_update_reaches_a_cached_http_session_through_the_database()
    {
        var member = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(member.Token);
        await StatementsForAsync(client);

        // No code of ours runs: the trigger announces the new stamp on the bus, in the event bus's own format.
        await using (var connection = new NpgsqlConnection(_host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var deactivate = new NpgsqlCommand("UPDATE identity.users SET is_active = false WHERE username = $1", connection)
            {
                Parameters = { new NpgsqlParameter { Value = member.Username } },
            };
            Assert.Equal(1, await deactivate.ExecuteNonQueryAsync());
        }

        var refused = await Eventually.ValueAsync(async () =>
        {
            var response = await client.PostAsync("{ me { id } }");
            Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
            return response;
        }, TimeSpan.FromSeconds(10));
        Assert.Contains("no longer active", refused.Errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_bus_lost_its_connection_sessions_are_read_again()
    {
        var member = await _host.CreateUserAsync();
        using var client = _host.CreateGraphQLClient(member.Token);
        await StatementsForAsync(client);
        var bus = _host.GetService<IEventBus>();
        var before = bus.ListeningEpoch;

        // As when PostgreSQL restarts: every connection of the Host goes, and the bus's listener reconnects.
        await using (var connection = new NpgsqlConnection(_host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
            await terminate.ExecuteScalarAsync();
        }

        _host.GetService<NpgsqlDataSource>().Clear();
        await Eventually.TrueAsync(() => bus.ListeningEpoch is { } now && now != before, "the bus listens again");

        Assert.Equal(2, await StatementsForAsync(client));

        // Caching again once the bus's "listening again" signal emptied the cache (it may come just after the new
        // period began, and a read that overlaps it is not kept).
        await Eventually.AssertAsync(async () => Assert.Equal(1, await StatementsForAsync(client)), TimeSpan.FromSeconds(10));
    }

    private async Task<long> StatementsForAsync(GraphQLClient client)
    {
        var counter = _host.GetService<SqlStatementCounter>();
        var before = counter.Count;
        var response = await client.PostAsync("{ me { id } }");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return counter.Count - before;
    }
}
