using System.Text.RegularExpressions;
using Npgsql;
using ProductDescriber.PostgreSQL.EmbeddedCluster;
using ProductDescriber.PostgreSQL.Migrations;

namespace ProductDescriber.PostgreSQL.Connection;

/// <summary>
/// The database the process uses, known once <see cref="DatabaseStartup"/> ran: the configured server, or the
/// private cluster it started. Everything that talks to PostgreSQL goes through the one <see cref="NpgsqlDataSource"/>.
/// </summary>
internal sealed partial class DatabaseConnection(ILoggerFactory loggers) : IAsyncDisposable
{
    private NpgsqlDataSource? _dataSource;
    private NpgsqlDataSource? _unpooled;

    public string ConnectionString => DataSource.ConnectionString;

    /// <summary>Where other tools reach the private cluster the Host started; null with a configured database.</summary>
    public PrivateClusterAddress? PrivateCluster { get; set; }

    /// <summary>How many statements each connection keeps prepared (the most used), unless the connection string says.</summary>
    public const int AutoPreparedStatements = 64;

    /// <summary>The process's one connection pool; available once the database is started.</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The database is not started yet.");

    /// <summary>
    /// Connections for a whole session of their own (the event bus's LISTEN): never pooled, so the session's state
    /// ends with it instead of reaching the next user of a pooled connection (docs/adr/0039).
    /// </summary>
    public NpgsqlDataSource Unpooled => _unpooled ?? throw new InvalidOperationException("The database is not started yet.");

    public void Open(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);

        // Nothing of ours leaves session state on a pooled connection (docs/adr/0039), so the reset Npgsql would
        // run at the next use of each one (DISCARD ALL, a statement and a commit in PostgreSQL) is work for
        // nothing: about half the statements of a generation job. A connection string that says otherwise wins.
        if (!ResetSetting().IsMatch(connectionString))
        {
            settings.NoResetOnClose = true;
        }

        // A statement sent a few times on a connection is prepared there (docs/adr/0048): PostgreSQL then skips its
        // parsing and planning, which cost more than running most of our reads. A connection string that says
        // otherwise wins (a pooler in transaction mode cannot keep prepared statements).
        if (!AutoPrepareSetting().IsMatch(connectionString))
        {
            settings.MaxAutoPrepare = AutoPreparedStatements;
        }

        _dataSource = new NpgsqlDataSourceBuilder(settings.ConnectionString).UseLoggerFactory(loggers).Build();
        // LISTEN and notifications as text need none of the server's types, which a data source loads with a catalog
        // query of its own on its first connection: at start-up, on the critical path, beside the pool's own.
        _unpooled = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false }.ConnectionString)
            .ConfigureTypeLoading(types => types.EnableTypeLoading(false))
            .UseLoggerFactory(loggers)
            .Build();
    }

    public async ValueTask DisposeAsync()
    {
        if (_unpooled is not null)
        {
            await _unpooled.DisposeAsync();
        }

        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    [GeneratedRegex(@"(^|;)\s*No\s*Reset\s*On\s*Close\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ResetSetting();

    [GeneratedRegex(@"(^|;)\s*Max\s*Auto\s*Prepare\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex AutoPrepareSetting();

    /// <summary><c>DATABASE_URL</c> (URL or key=value form), else <c>ConnectionStrings:Database</c>; null means "start our own".</summary>
    public static string? FromConfiguration(IConfiguration configuration)
    {
        var configured = configuration["DATABASE_URL"] is { Length: > 0 } url ? url : configuration.GetConnectionString("Database");
        return string.IsNullOrWhiteSpace(configured) ? null : Normalize(configured);
    }

    /// <summary>Accepts the seed's URL form (<c>postgresql://user:pass@host:5432/db</c>, also <c>postgresql+asyncpg://</c>).</summary>
    public static string Normalize(string configured)
    {
        if (!configured.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) || !configured.Contains("://", StringComparison.Ordinal))
        {
            return new NpgsqlConnectionStringBuilder(configured).ConnectionString;
        }

        var uri = new Uri(configured);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts[0].Equals("sslmode", StringComparison.OrdinalIgnoreCase) && parts.Length == 2)
            {
                builder.SslMode = Enum.Parse<SslMode>(parts[1].Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
            }
        }

        return builder.ConnectionString;
    }
}

/// <summary>The private cluster's URL with a placeholder for the password, and the file that holds the password.</summary>
public sealed record PrivateClusterAddress(string UrlWithoutPassword, string PasswordFile);
