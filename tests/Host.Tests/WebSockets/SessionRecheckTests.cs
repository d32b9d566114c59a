using Npgsql;
using ProductDescriber.TestSupport;
using static ProductDescriber.Host.Tests.WebSockets.SessionSockets;

namespace ProductDescriber.Host.Tests.WebSockets;

/// <summary>
/// The defence for a revocation event that never arrives (the event bus is at most once, live only): a socket checks
/// its session again before each operation, periodically, and when the bus reconnects to PostgreSQL. Each test
/// rotates the user's security stamp in the database behind the application's back, so no event is published.
/// </summary>
public sealed class SessionRecheckTests(SessionRecheckTests.RareRecheckFixture fixture) : IClassFixture<SessionRecheckTests.RareRecheckFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task An_operation_after_a_missed_revocation_is_refused_and_the_socket_closes()
    {
        var member = await fixture.Host.CreateUserAsync();
        await using var socket = await OpenWorkingAsync(fixture.Host, member.Token);

        await RevokeBehindTheBusAsync(fixture.Host, member);

        await AssertNextOperationRefusedAsync(socket, Patience);
    }

    [Fact]
    public async Task A_subscription_ends_when_the_bus_reconnects_after_a_missed_revocation()
    {
        var member = await fixture.Host.CreateUserAsync();
        await using var socket = await OpenSubscribedAsync(fixture.Host, member.Token, fixture.Admin);
        await RevokeBehindTheBusAsync(fixture.Host, member);

        // As when PostgreSQL restarts: every connection of the Host goes, its pool with it, and the listener reconnects.
        await using (var admin = new NpgsqlConnection(fixture.Host.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            Assert.True((long)(await terminate.ExecuteScalarAsync())! > 0);
        }

        fixture.Host.GetService<NpgsqlDataSource>().Clear();

        await AssertClosedForbiddenAsync(socket, Patience);
    }

    internal static async Task RevokeBehindTheBusAsync(TestHost host, TestUser user)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE identity.users SET security_stamp = md5(random()::text) WHERE username = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = user.Username } },
        };
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    /// <summary>A periodic re-check so rare that only the other two can close a socket within a test.</summary>
    public sealed class RareRecheckFixture : EventsHostFixture
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["WebSockets:SessionRecheckSeconds"] = "3600" };
    }
}

/// <summary>A subscription that sends nothing and receives events only still ends at the next periodic re-check.</summary>
public sealed class PeriodicSessionRecheckTests(PeriodicSessionRecheckTests.FrequentRecheckFixture fixture) : IClassFixture<PeriodicSessionRecheckTests.FrequentRecheckFixture>
{
    [Fact]
    public async Task A_subscription_ends_at_the_next_periodic_check_after_a_missed_revocation()
    {
        var member = await fixture.Host.CreateUserAsync();
        await using var socket = await OpenSubscribedAsync(fixture.Host, member.Token, fixture.Admin);

        await SessionRecheckTests.RevokeBehindTheBusAsync(fixture.Host, member);

        // One-second checks: a generous bound that a check every hour could never meet.
        await AssertClosedForbiddenAsync(socket, TimeSpan.FromSeconds(15));
    }

    public sealed class FrequentRecheckFixture : EventsHostFixture
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["WebSockets:SessionRecheckSeconds"] = "1" };
    }
}
