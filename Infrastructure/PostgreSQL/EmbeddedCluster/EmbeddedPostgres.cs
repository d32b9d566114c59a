using System.Diagnostics;
using System.Globalization;
using System.Text;
using ProductDescriber.BuildingBlocks.Hosting;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>
/// Where the private cluster keeps its files and which database the application uses.
/// <paramref name="BinDirectory"/> defaults to the PostgreSQL found on PATH or under /usr/lib/postgresql;
/// <paramref name="Port"/> defaults to the port the first start chose (a free loopback port) and stored in the cluster.
/// <paramref name="Timeline"/>, when given, gets a mark at the end of each stage (the Host's start-up timeline).
/// </summary>
internal sealed record EmbeddedPostgresOptions(
    string DataDirectory,
    string Database = "product_describer",
    string? BinDirectory = null,
    int? Port = null,
    StartupTimeline? Timeline = null);

/// <summary>
/// A private PostgreSQL cluster run from the installed binaries, so that the Host and the tests need neither Docker
/// nor a configured server (<see cref="ClusterFolder"/> says where its files are). A server already running on that
/// folder is shared; the last process using it stops it (docs/adr/0007).
/// </summary>
internal sealed class EmbeddedPostgres : IAsyncDisposable
{
    // PostgreSQL silently truncates longer identifiers, which would make the returned connection string lie.
    private const int MaxIdentifierBytes = 63;

    private static readonly TimeSpan StartupLockTimeout = TimeSpan.FromSeconds(2 * ServerProcess.WaitSeconds);

    // Leaving must fit in the Host's shutdown time; a process that holds the lock longer is starting up and will use
    // the server, so it is left running for it.
    private static readonly TimeSpan LeaveLockTimeout = TimeSpan.FromSeconds(15);

    private readonly ClusterFolder _folder;
    private readonly ServerProcess _server;
    private readonly MaintenanceDatabase _maintenance;
    private readonly ClusterLease _lease;
    private readonly ILogger _logger;
    private readonly Lock _stopGate = new();
    private Task? _stopTask;

    private EmbeddedPostgres(ServerTools tools, int port, string database, ClusterPassword password, ClusterLease lease, ILogger logger)
    {
        _folder = tools.Folder;
        _server = new ServerProcess(tools);
        _maintenance = new MaintenanceDatabase(_folder, port, password, logger);
        _lease = lease;
        _logger = logger;
        Port = port;
        Database = database;
        PasswordFile = password.FilePath;
        ConnectionString = _maintenance.ConnectionString(database);
    }

    /// <summary>Npgsql connection string of the application database, password included.</summary>
    public string ConnectionString { get; }

    /// <summary>The folder actually used (after a possible fallback); the cluster is in its <c>pgdata</c> subfolder.</summary>
    public string DataDirectory => _folder.DataDirectory;

    /// <summary>TCP port on 127.0.0.1 the server listens on; the same at every start of one data folder.</summary>
    public int Port { get; }

    /// <summary>The application database.</summary>
    public string Database { get; }

    /// <summary>The file holding the superuser's password, readable by its owner only.</summary>
    public string PasswordFile { get; }

    /// <summary>The application database as a URL, with a placeholder where the password goes (it is never logged).</summary>
    public string UrlWithoutPassword =>
        $"postgresql://{ServiceUser.Name}:<password>@{MaintenanceDatabase.LoopbackHost}:{Port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(Database)}";

    /// <summary>
    /// Initializes the cluster on first use, starts it (or joins the server already running on it) and creates
    /// <see cref="EmbeddedPostgresOptions.Database"/> if missing.
    /// </summary>
    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        EnsureValidDatabaseName(options.Database);

        var folder = await ClusterFolder.PrepareAsync(options.DataDirectory, logger, ct);
        var tools = ServerTools.Find(folder, options.BinDirectory);
        options.Timeline?.Mark("PostgreSQL: data folder prepared");

        EmbeddedPostgres postgres;
        await using (await StartupLock.AcquireAsync(folder, logger, StartupLockTimeout, ct)
            ?? throw new InvalidOperationException($"Another process has been starting PostgreSQL in {folder.DataDirectory} for over {StartupLockTimeout.TotalSeconds:0} s."))
        {
            options.Timeline?.Mark("PostgreSQL: start-up lock taken");
            var password = await ClusterPassword.LoadOrCreateAsync(folder, logger, ct);
            var lease = ClusterLease.Take(folder);
            try
            {
                var startup = new ClusterStartup(tools, password, logger, options.Timeline);
                var port = await startup.TryJoinRunningServerAsync(lease, ct) ?? await startup.StartServerAsync(options.Port, ct);
                postgres = new EmbeddedPostgres(tools, port, options.Database, password, lease, logger);
            }
            catch
            {
                lease.Dispose();
                throw;
            }
        }

        try
        {
            await postgres._maintenance.EnsureDatabaseExistsAsync(options.Database, ct);
            options.Timeline?.Mark("PostgreSQL: application database ready");
        }
        catch
        {
            await postgres.StopAsync();
            throw;
        }

        return postgres;
    }

    /// <summary>Creates <paramref name="name"/> unless it exists and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct)
    {
        EnsureValidDatabaseName(name);
        await _maintenance.EnsureDatabaseExistsAsync(name, ct);
        return _maintenance.ConnectionString(name);
    }

    /// <summary>
    /// Stops using the server, and stops the server itself (fast shutdown) when no other live process uses it, whoever
    /// started it; safe to call more than once.
    /// </summary>
    public Task StopAsync()
    {
        lock (_stopGate)
        {
            return _stopTask ??= LeaveAsync();
        }
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await StopAsync();

    private static void EnsureValidDatabaseName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
        {
            throw new ArgumentException($"Database name '{name}' is longer than {MaxIdentifierBytes} bytes.", nameof(name));
        }
    }

    /// <summary>The last process to leave stops the server; the start-up lock keeps a process that is joining from losing it.</summary>
    private async Task LeaveAsync()
    {
        await using var startupLock = await StartupLock.AcquireAsync(_folder, _logger, LeaveLockTimeout, CancellationToken.None);
        _lease.Dispose();
        if (startupLock is null)
        {
            _logger.LogWarning("Another process is starting PostgreSQL in {DataDirectory}; the server stays running for it", DataDirectory);
            return;
        }

        var others = ClusterLease.CountOthers(_folder, own: null);
        if (others > 0)
        {
            _logger.LogInformation(
                "PostgreSQL on {Host}:{Port} keeps running for {Others} other process(es) using {DataDirectory}",
                MaintenanceDatabase.LoopbackHost, Port, others, DataDirectory);
            return;
        }

        var elapsed = Stopwatch.StartNew();
        if (await _server.StopAsync(ShutdownMode.Fast, CancellationToken.None))
        {
            _logger.LogInformation("Stopped PostgreSQL on {Host}:{Port} in {ElapsedMs} ms", MaintenanceDatabase.LoopbackHost, Port, elapsed.ElapsedMilliseconds);
        }
        else
        {
            // Someone else stopped or killed it: shutdown has nothing left to do.
            _logger.LogWarning("PostgreSQL on port {Port} was already stopped", Port);
        }
    }
}
