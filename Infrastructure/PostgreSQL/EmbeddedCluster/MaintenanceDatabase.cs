using System.Diagnostics;
using Npgsql;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>
/// What the Host does on the running private server as its superuser, through the maintenance database
/// <c>postgres</c>: create the application's databases, and bring a server an earlier version left running with
/// trust authentication to the password.
/// </summary>
internal sealed class MaintenanceDatabase(ClusterFolder folder, int port, ClusterPassword password, ILogger logger)
{
    public const string LoopbackHost = "127.0.0.1";
    private const string Name = "postgres";
    private static readonly TimeSpan ConnectRetryWindow = TimeSpan.FromSeconds(10);

    /// <summary>Npgsql connection string of <paramref name="database"/> on this server, password included.</summary>
    public string ConnectionString(string database, bool pooling = true)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = LoopbackHost,
            Port = port,
            Username = ServiceUser.Name,
            Password = password.Value,
            Database = database,
        };
        if (!pooling)
        {
            // An idle pooled connection to the maintenance database would outlive its purpose.
            builder.Pooling = false;
        }

        return builder.ConnectionString;
    }

    public async Task EnsureDatabaseExistsAsync(string name, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);

        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = name });
        if (await exists.ExecuteScalarAsync(ct) is not null)
        {
            return;
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(ct);
            logger.LogInformation("Created database {Database}", name);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // A parallel test class or process created it between our check and our CREATE.
        }
    }

    /// <summary>
    /// Moves a server an earlier version left running with trust authentication to the password without restarting
    /// it: trust still lets this connection in to set the password, then the server reloads the new pg_hba.conf.
    /// </summary>
    public async Task RequirePasswordOnRunningServerAsync(ClusterConfiguration configuration, CancellationToken ct)
    {
        DateTime loadedBefore;
        await using (var connection = await OpenAsync(ct))
        {
            loadedBefore = await ConfigurationLoadTimeAsync(connection, ct);
            await using var alter = new NpgsqlCommand($"ALTER ROLE {ServiceUser.Name} PASSWORD '{password.ScramVerifier()}'", connection);
            await alter.ExecuteNonQueryAsync(ct);
            await configuration.WritePasswordAuthenticationAsync(ct);
            await configuration.WriteListenSettingsAsync(port, folder.SocketDirectory(port), ct);
            await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync(ct);
        }

        // The postmaster reloads when it gets to the signal; a new session reports the load time it inherited from
        // it, so once that moves, no connection gets in without the password any more.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using (var connection = await OpenAsync(ct))
            {
                if (await ConfigurationLoadTimeAsync(connection, ct) > loadedBefore)
                {
                    break;
                }
            }

            if (waited.Elapsed > ConnectRetryWindow)
            {
                throw new InvalidOperationException($"PostgreSQL on port {port} did not reload its configuration within {ConnectRetryWindow.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }

        logger.LogWarning(
            "The PostgreSQL server on {Host}:{Port} trusted every local user (started by an earlier version); it now requires the password in {PasswordFile}",
            LoopbackHost, port, password.FilePath);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        // pg_ctl -w returns once the postmaster says it is ready, but a joined server may still be
        // starting up (or recovering after a crash), so connecting gets a short grace period.
        var connectionString = ConnectionString(Name, pooling: false);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                await connection.OpenAsync(ct);
                return connection;
            }
            catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
            {
                await connection.DisposeAsync();
                throw new InvalidOperationException(
                    $"The PostgreSQL server of {folder.ClusterDirectory} refused the password in {password.FilePath}. To set a new one, stop the server "
                    + $"(pg_ctl -D {folder.ClusterDirectory} stop), delete that file and start the Host again.",
                    exception);
            }
            catch (NpgsqlException exception) when (waited.Elapsed < ConnectRetryWindow && !ct.IsCancellationRequested)
            {
                await connection.DisposeAsync();
                logger.LogDebug("PostgreSQL on port {Port} is not accepting connections yet ({Reason}); retrying", port, exception.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
    }

    private static async Task<DateTime> ConfigurationLoadTimeAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_conf_load_time()", connection);
        return (DateTime)(await command.ExecuteScalarAsync(ct))!;
    }

    private static string QuoteIdentifier(string identifier) =>
        "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
