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
}
