using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ProductDescriber.Host.Tests.WebSockets;
using ProductDescriber.PostgreSQL.Connection;
using ProductDescriber.PostgreSQL.Events;

namespace ProductDescriber.Host.Tests.Database;

/// <summary>
/// Pooled connections go back to the pool without a reset (docs/adr/0039), which is safe only because no session
/// state of ours is ever left on one: the event bus LISTENs on a connection of its own, outside the pool.
/// </summary>
public sealed class PooledConnectionStateTests(EventsHostFixture fixture) : IClassFixture<EventsHostFixture>
{
    [Fact]
    public async Task The_pool_skips_the_reset_and_none_of_its_connections_listens()
    {
        await fixture.Host.GetService<PostgresEventBus>().Listening;
        var pool = fixture.Host.GetService<NpgsqlDataSource>();

        // Every physical connection the pool holds at once, each asked whether its session listens.
        var connections = new List<NpgsqlConnection>();
        var listening = new List<long>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var connection = await pool.OpenConnectionAsync();
                connections.Add(connection);
                await using var channels = new NpgsqlCommand("SELECT count(*) FROM pg_listening_channels()", connection);
                listening.Add((long)(await channels.ExecuteScalarAsync())!);
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }

        Assert.All(listening, count => Assert.Equal(0L, count));
        Assert.True(new NpgsqlConnectionStringBuilder(pool.ConnectionString).NoResetOnClose);
    }

    [Fact]
    public async Task The_reset_is_skipped_unless_the_connection_string_asks_for_it()
    {
        await using var byDefault = new DatabaseConnection(NullLoggerFactory.Instance);
        byDefault.Open("Host=localhost;Database=any;Username=any");
        await using var asked = new DatabaseConnection(NullLoggerFactory.Instance);
        asked.Open("Host=localhost;Database=any;Username=any;No Reset On Close=false");

        Assert.True(new NpgsqlConnectionStringBuilder(byDefault.DataSource.ConnectionString).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(asked.DataSource.ConnectionString).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(byDefault.Unpooled.ConnectionString).Pooling);
    }

    [Fact]
    public async Task A_statement_sent_again_and_again_on_a_connection_is_prepared_once()
    {
        var pool = fixture.Host.GetService<NpgsqlDataSource>();
        await using var connection = await pool.OpenConnectionAsync();
        const string Repeated = "SELECT $1::bigint + 7";
        for (var i = 0; i < 8; i++)
        {
            await using var command = new NpgsqlCommand(Repeated, connection) { Parameters = { new NpgsqlParameter<long> { TypedValue = i } } };
            Assert.Equal(i + 7L, await command.ExecuteScalarAsync());
        }

        await using var prepared = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", connection)
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = Repeated } },
        };
        Assert.Equal(1L, await prepared.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Statements_are_prepared_automatically_unless_the_connection_string_says_otherwise()
    {
        await using var byDefault = new DatabaseConnection(NullLoggerFactory.Instance);
        byDefault.Open("Host=localhost;Database=any;Username=any");
        await using var asked = new DatabaseConnection(NullLoggerFactory.Instance);
        asked.Open("Host=localhost;Database=any;Username=any;Max Auto Prepare=0");

        Assert.Equal(DatabaseConnection.AutoPreparedStatements, new NpgsqlConnectionStringBuilder(byDefault.DataSource.ConnectionString).MaxAutoPrepare);
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(asked.DataSource.ConnectionString).MaxAutoPrepare);
    }
}
