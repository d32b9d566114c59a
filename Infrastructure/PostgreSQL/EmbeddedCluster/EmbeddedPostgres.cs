using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;
using ProductDescriber.PostgreSQL.Connection;
using ProductDescriber.PostgreSQL.Migrations;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>
/// Where the private cluster keeps its files and which database the application uses.
/// <paramref name="BinDirectory"/> defaults to the PostgreSQL found on PATH or under /usr/lib/postgresql;
/// <paramref name="Port"/> defaults to the port the first start chose (a free loopback port) and stored in the cluster.
/// </summary>
public sealed record EmbeddedPostgresOptions(
    string DataDirectory,
    string Database = "product_describer",
    string? BinDirectory = null,
    int? Port = null);

/// <summary>
/// A private PostgreSQL cluster run from the installed binaries, so that the Host and the tests need
/// neither Docker nor a configured server. The cluster lives in <c>&lt;DataDirectory&gt;/pgdata</c>, its log in
/// <c>&lt;DataDirectory&gt;/postgres.log</c> and its superuser password in <c>&lt;DataDirectory&gt;/postgres.password</c>.
/// A server already running on that data is shared; the last process using it stops it (docs/adr/0007).
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string ServiceUser = ServerTools.ServiceUser;
    private const string LoopbackHost = "127.0.0.1";
    private const string MaintenanceDatabase = "postgres";
    private const string ClusterFolderName = "pgdata";
    private const string StartupLockFileName = ".startup.lock";
    private const string FallbackRoot = "/var/tmp/product-describer";

    // PostgreSQL silently truncates longer identifiers, which would make the returned connection string lie.
    private const int MaxIdentifierBytes = 63;

    // sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
    private const int MaxUnixSocketPathBytes = 107;

    private const int StartAttempts = 3;
    private const int ServerWaitSeconds = 60;
    private static readonly TimeSpan ConnectRetryWindow = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StartupLockTimeout = TimeSpan.FromSeconds(2 * ServerWaitSeconds);

    // Leaving must fit in the Host's shutdown time; a process that holds the lock longer is starting up and will use
    // the server, so it is left running for it.
    private static readonly TimeSpan LeaveLockTimeout = TimeSpan.FromSeconds(15);

    private readonly ServerTools _tools;
    private readonly ClusterPassword _password;
    private readonly ClusterLease _lease;
    private readonly ILogger _logger;
    private readonly Lock _stopGate = new();
    private Task? _stopTask;

    private EmbeddedPostgres(
        ServerTools tools, string dataDirectory, int port, string database, ClusterPassword password, ClusterLease lease, ILogger logger)
    {
        _tools = tools;
        _password = password;
        _lease = lease;
        _logger = logger;
        DataDirectory = dataDirectory;
        Port = port;
        Database = database;
        ConnectionString = BuildConnectionString(database, pooling: true);
    }

    /// <summary>Npgsql connection string of the application database, password included.</summary>
    public string ConnectionString { get; }

    /// <summary>The folder actually used (after a possible fallback); the cluster is in its <c>pgdata</c> subfolder.</summary>
    public string DataDirectory { get; }

    /// <summary>TCP port on 127.0.0.1 the server listens on; the same at every start of one data folder.</summary>
    public int Port { get; }

    /// <summary>The application database.</summary>
    public string Database { get; }

    /// <summary>The file holding the superuser's password, readable by its owner only.</summary>
    public string PasswordFile => _password.FilePath;

    /// <summary>The application database as a URL, with a placeholder where the password goes (it is never logged).</summary>
    public string UrlWithoutPassword => $"postgresql://{ServiceUser}:<password>@{LoopbackHost}:{Port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(Database)}";

    private string ClusterDirectory => Path.Combine(DataDirectory, ClusterFolderName);

    /// <summary>
    /// Initializes the cluster on first use, starts it (or attaches to the server already running on it) and
    /// creates <see cref="EmbeddedPostgresOptions.Database"/> if missing.
    /// </summary>
    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        EnsureValidDatabaseName(options.Database);

        var runAsServiceUser = IsRunningAsRoot();
        var dataDirectory = await PrepareDataDirectoryAsync(options.DataDirectory, runAsServiceUser, logger, ct);
        var binDirectory = ServerBinaries.Find(options.BinDirectory, Path.Combine(dataDirectory, ClusterFolderName));
        var tools = new ServerTools(binDirectory, runAsServiceUser, dataDirectory);

        EmbeddedPostgres server;
        // Test assemblies and running Hosts may share one data folder: only one of them at a time may initdb, start,
        // join or leave.
        await using (await AcquireStartupLockAsync(dataDirectory, logger, StartupLockTimeout, ct)
            ?? throw new InvalidOperationException($"Another process has been starting PostgreSQL in {dataDirectory} for over {StartupLockTimeout.TotalSeconds:0} s."))
        {
            var password = await ClusterPassword.LoadOrCreateAsync(dataDirectory, logger, ct);
            var lease = ClusterLease.Take(dataDirectory);
            try
            {
                server = await TryAttachToRunningServerAsync(tools, dataDirectory, options.Database, password, lease, logger, ct)
                    ?? await StartOwnServerAsync(tools, dataDirectory, options, password, lease, logger, ct);
            }
            catch
            {
                lease.Dispose();
                throw;
            }
        }

        try
        {
            await server.EnsureDatabaseExistsAsync(options.Database, ct);
        }
        catch
        {
            await server.StopAsync();
            throw;
        }

        return server;
    }

    /// <summary>Creates <paramref name="name"/> unless it exists and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct)
    {
        EnsureValidDatabaseName(name);
        await EnsureDatabaseExistsAsync(name, ct);
        return BuildConnectionString(name, pooling: true);
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

    private static bool IsRunningAsRoot() =>
        // Environment.UserName resolves the effective uid, which is what initdb and pg_ctl check.
        string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    private static void EnsureValidDatabaseName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
        {
            throw new ArgumentException($"Database name '{name}' is longer than {MaxIdentifierBytes} bytes.", nameof(name));
        }
    }

    private static async Task<string> PrepareDataDirectoryAsync(string requestedDirectory, bool runAsServiceUser, ILogger logger, CancellationToken ct)
    {
        var requested = Path.GetFullPath(requestedDirectory);
        if (!runAsServiceUser)
        {
            Directory.CreateDirectory(requested);
            return requested;
        }

        if (await TryPrepareForServiceUserAsync(requested, ct))
        {
            return requested;
        }

        // The server runs as 'postgres', which cannot reach e.g. /root/...: use a stable per-path folder instead.
        var fallback = Path.Combine(FallbackRoot, ShortHash(requested));
        logger.LogWarning(
            "User {ServiceUser} cannot reach data directory {RequestedDirectory}; using {FallbackDirectory} instead",
            ServiceUser, requested, fallback);

        if (await TryPrepareForServiceUserAsync(fallback, ct))
        {
            return fallback;
        }

        throw new InvalidOperationException(
            $"Neither {requested} nor the fallback {fallback} is usable by user {ServiceUser}: every parent folder must be traversable (o+x).");
    }

    private static async Task<bool> TryPrepareForServiceUserAsync(string directory, CancellationToken ct)
    {
        // Checked before creating anything, so that an unreachable path does not leave empty folders behind.
        if (!await ServiceUserPassesTestAsync(["-x", NearestExistingAncestor(directory)], ct))
        {
            return false;
        }

        Directory.CreateDirectory(directory);
        var chown = await ProcessRunner.RunAsync("chown", [ServiceUser, directory], "/", ct);
        if (chown.ExitCode != 0)
        {
            throw CommandFailure.From(chown, logFile: null);
        }

        // A restrictive umask can make the folders just created untraversable for postgres.
        return await ServiceUserPassesTestAsync(["-w", directory, "-a", "-x", directory], ct);
    }

    private static async Task<bool> ServiceUserPassesTestAsync(IReadOnlyList<string> testArguments, CancellationToken ct)
    {
        var result = await ProcessRunner.RunAsync(ServerTools.RunuserPath, ["-u", ServiceUser, "--", "test", .. testArguments], "/", ct);
        return result.ExitCode == 0;
    }

    private static string NearestExistingAncestor(string path)
    {
        var current = path;
        while (!Directory.Exists(current))
        {
            current = Path.GetDirectoryName(current) ?? "/";
        }

        return current;
    }

    private static string ShortHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    /// <summary>The data folder's start-up lock, or null when another process still holds it after <paramref name="timeout"/>.</summary>
    private static async Task<FileStream?> AcquireStartupLockAsync(string dataDirectory, ILogger logger, TimeSpan timeout, CancellationToken ct)
    {
        var lockPath = Path.Combine(dataDirectory, StartupLockFileName);
        var waited = Stopwatch.StartNew();
        var announced = false;
        while (true)
        {
            try
            {
                // On Unix FileShare.None takes an exclusive flock, which other processes respect and the kernel
                // releases if this process dies.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                if (waited.Elapsed >= timeout)
                {
                    return null;
                }

                if (!announced)
                {
                    logger.LogInformation("Waiting for another process that is starting PostgreSQL in {DataDirectory}", dataDirectory);
                    announced = true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            }
        }
    }

    private static async Task<EmbeddedPostgres?> TryAttachToRunningServerAsync(
        ServerTools tools, string dataDirectory, string database, ClusterPassword password, ClusterLease lease, ILogger logger, CancellationToken ct)
    {
        var clusterDirectory = Path.Combine(dataDirectory, ClusterFolderName);
        var pidFile = Path.Combine(clusterDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        var status = await tools.RunAsync("pg_ctl", ["status", "-D", clusterDirectory], ct);
        if (status.ExitCode != 0)
        {
            // The postmaster starts fine over a stale lock file whose process is gone.
            logger.LogInformation("Ignoring stale {PidFile}: no server is running", pidFile);
            return null;
        }

        var lines = await File.ReadAllLinesAsync(pidFile, ct);
        if (!IsLivePostgresProcess(lines[0]))
        {
            // pg_ctl only asks kill(pid, 0), which also succeeds for a zombie (a killed postmaster that PID 1 has
            // not reaped yet, for seconds in containers) or for an unrelated program that reused the pid after a
            // restart. postgres would then refuse to start over the lock file, so it has to go.
            logger.LogWarning("Removing {PidFile}: its process {Pid} is not a live PostgreSQL server", pidFile, lines[0].Trim());
            File.Delete(pidFile);
            return null;
        }

        var port = ReadPortFromPidFile(lines, pidFile);
        var others = ClusterLease.CountOthers(dataDirectory, lease);
        if (others == 0)
        {
            // A Host killed with SIGKILL (or an earlier version, which never stopped a server it found) left it behind.
            logger.LogInformation(
                "Adopting the PostgreSQL server left running on {Host}:{Port} for {ClusterDirectory}: no other process uses it, so this one stops it when it stops",
                LoopbackHost, port, clusterDirectory);
        }
        else
        {
            logger.LogInformation(
                "Sharing the PostgreSQL server running on {Host}:{Port} for {ClusterDirectory} with {Others} other process(es); the last one to stop stops it",
                LoopbackHost, port, clusterDirectory, others);
        }

        var server = new EmbeddedPostgres(tools, dataDirectory, port, database, password, lease, logger);
        var configuration = new ClusterConfiguration(tools, clusterDirectory);
        if (!await configuration.RequiresPasswordAsync(ct))
        {
            await server.UpgradeRunningServerAsync(configuration, ct);
        }

        return server;
    }

    private static bool IsLivePostgresProcess(string pidText)
    {
        if (!Directory.Exists("/proc/self"))
        {
            // Without procfs trust pg_ctl's answer.
            return true;
        }

        // /proc/<pid>/stat reads "<pid> (<comm>) <state> ..."; comm may itself contain ')' so split at the last one.
        var statFile = $"/proc/{pidText.Trim()}/stat";
        string stat;
        try
        {
            stat = File.ReadAllText(statFile);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var commStart = stat.IndexOf('(', StringComparison.Ordinal);
        var commEnd = stat.LastIndexOf(')');
        if (commStart < 0 || commEnd < commStart || commEnd + 2 >= stat.Length)
        {
            return false;
        }

        var command = stat[(commStart + 1)..commEnd];
        var state = stat[commEnd + 2];
        return command == "postgres" && state is not ('Z' or 'X' or 'x');
    }

    private static int ReadPortFromPidFile(string[] lines, string pidFile)
    {
        // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, ...
        const int portLine = 3;
        if (lines.Length > portLine && int.TryParse(lines[portLine].Trim(), CultureInfo.InvariantCulture, out var port))
        {
            return port;
        }

        throw new InvalidOperationException($"Cannot read the server port from line {portLine + 1} of {pidFile}.");
    }

    private static async Task<EmbeddedPostgres> StartOwnServerAsync(
        ServerTools tools, string dataDirectory, EmbeddedPostgresOptions options, ClusterPassword password, ClusterLease lease, ILogger logger, CancellationToken ct)
    {
        var clusterDirectory = Path.Combine(dataDirectory, ClusterFolderName);
        var configuration = new ClusterConfiguration(tools, clusterDirectory);
        if (ServerBinaries.ReadClusterVersion(clusterDirectory) is null)
        {
            await InitializeClusterAsync(tools, dataDirectory, password, logger, ct);
        }
        else if (!await configuration.RequiresPasswordAsync(ct))
        {
            await configuration.RequirePasswordAsync(password, ct);
            logger.LogWarning(
                "The PostgreSQL cluster in {ClusterDirectory} trusted every local user (made by an earlier version); it now requires the password in {PasswordFile}",
                clusterDirectory, password.FilePath);
        }
        else if (password.IsNew)
        {
            // The password file was deleted: that is how an operator resets the password of a stopped cluster.
            await configuration.RequirePasswordAsync(password, ct);
            logger.LogWarning("Set a new password for the PostgreSQL cluster in {ClusterDirectory}; it is in {PasswordFile}", clusterDirectory, password.FilePath);
        }

        var port = ClusterPort.Choose(options.Port, await configuration.ReadPortAsync(ct), clusterDirectory, logger);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await configuration.WriteListenSettingsAsync(port, ChooseSocketDirectory(dataDirectory, port), ct);
                await StartClusterAsync(tools, dataDirectory, port, logger, ct);
                return new EmbeddedPostgres(tools, dataDirectory, port, options.Database, password, lease, logger);
            }
            catch (InvalidOperationException exception) when (attempt < StartAttempts)
            {
                // Another program can take the port before postgres binds it (then the next attempt moves), and the
                // children of a killed postmaster hold its shared memory for a moment: both clear up on a retry.
                logger.LogWarning(exception, "PostgreSQL did not start on port {Port} (attempt {Attempt} of {Attempts}); retrying", port, attempt, StartAttempts);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), ct);
                port = ClusterPort.Choose(options.Port, port, clusterDirectory, logger);
            }
        }
    }

    private static async Task InitializeClusterAsync(ServerTools tools, string dataDirectory, ClusterPassword password, ILogger logger, CancellationToken ct)
    {
        var clusterDirectory = Path.Combine(dataDirectory, ClusterFolderName);
        RemoveLeftoversOfInterruptedInitdb(dataDirectory, clusterDirectory, logger);

        // initdb writes into a scratch folder that is renamed at the end, so a half-written cluster is never
        // mistaken for a real one after a crash or Ctrl+C.
        var scratchDirectory = Path.Combine(dataDirectory, $"{ClusterFolderName}.initdb-{Guid.NewGuid():N}");
        var elapsed = Stopwatch.StartNew();
        var result = await tools.RunAsync(
            "initdb",
            ["-D", scratchDirectory, "-U", ServiceUser, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"],
            ct);
        if (result.ExitCode != 0)
        {
            throw CommandFailure.From(result, logFile: null);
        }

        // initdb can only trust or ask a password file postgres could read; the password is set before the cluster
        // ever runs instead, so it never accepts a connection without it.
        await new ClusterConfiguration(tools, scratchDirectory).RequirePasswordAsync(password, ct);
        Directory.Move(scratchDirectory, clusterDirectory);
        logger.LogInformation("Initialized a new PostgreSQL cluster in {ClusterDirectory} in {ElapsedMs} ms", clusterDirectory, elapsed.ElapsedMilliseconds);
    }

    private static void RemoveLeftoversOfInterruptedInitdb(string dataDirectory, string clusterDirectory, ILogger logger)
    {
        var leftovers = Directory.EnumerateDirectories(dataDirectory, $"{ClusterFolderName}.initdb-*").ToList();
        if (Directory.Exists(clusterDirectory))
        {
            EnsureReadable(clusterDirectory);
            leftovers.Add(clusterDirectory);
        }

        foreach (var leftover in leftovers)
        {
            logger.LogWarning("Removing {Directory}: it is not a complete PostgreSQL cluster (no PG_VERSION)", leftover);
            Directory.Delete(leftover, recursive: true);
        }
    }

    private static void EnsureReadable(string clusterDirectory)
    {
        try
        {
            _ = Directory.EnumerateFileSystemEntries(clusterDirectory).Any();
        }
        catch (UnauthorizedAccessException exception)
        {
            // PG_VERSION looked missing only because another user (postgres, after a run as root) owns the cluster:
            // it must not be mistaken for leftovers and deleted.
            throw new InvalidOperationException(
                $"Cannot read the cluster in {clusterDirectory}; it belongs to another user. Run as root or as its owner, or use another data directory.",
                exception);
        }
    }

    private static async Task StartClusterAsync(ServerTools tools, string dataDirectory, int port, ILogger logger, CancellationToken ct)
    {
        // Port, addresses and socket folder come from the cluster's own configuration (ClusterConfiguration), so a
        // plain `pg_ctl start` by an operator brings it back the same way.
        var clusterDirectory = Path.Combine(dataDirectory, ClusterFolderName);
        var elapsed = Stopwatch.StartNew();
        var result = await tools.RunAsync(
            "pg_ctl",
            ["-D", clusterDirectory, "-l", tools.LogFile, "-w", "-t", ServerWaitSeconds.ToString(CultureInfo.InvariantCulture), "start"],
            ct);
        if (result.ExitCode != 0)
        {
            throw CommandFailure.From(result, tools.LogFile);
        }

        logger.LogInformation(
            "Started PostgreSQL on {Host}:{Port} from {ClusterDirectory} in {ElapsedMs} ms (log: {LogFile})",
            LoopbackHost, port, clusterDirectory, elapsed.ElapsedMilliseconds, tools.LogFile);
    }

    private static string ChooseSocketDirectory(string dataDirectory, int port)
    {
        // The data folder belongs to postgres and keeps clusters apart, but a deep path overflows sun_path.
        var socketPath = Path.Combine(dataDirectory, $".s.PGSQL.{port.ToString(CultureInfo.InvariantCulture)}");
        return Encoding.UTF8.GetByteCount(socketPath) <= MaxUnixSocketPathBytes ? dataDirectory : "/tmp";
    }

    private async Task LeaveAsync()
    {
        await using var startupLock = await AcquireStartupLockAsync(DataDirectory, _logger, LeaveLockTimeout, CancellationToken.None);
        _lease.Dispose();
        if (startupLock is null)
        {
            _logger.LogWarning("Another process is starting PostgreSQL in {DataDirectory}; the server stays running for it", DataDirectory);
            return;
        }

        var others = ClusterLease.CountOthers(DataDirectory, own: null);
        if (others > 0)
        {
            _logger.LogInformation("PostgreSQL on {Host}:{Port} keeps running for {Others} other process(es) using {DataDirectory}", LoopbackHost, Port, others, DataDirectory);
            return;
        }

        await StopServerAsync();
    }

    private async Task StopServerAsync()
    {
        var elapsed = Stopwatch.StartNew();
        var result = await _tools.RunAsync(
            "pg_ctl",
            ["-D", ClusterDirectory, "-m", "fast", "-w", "-t", ServerWaitSeconds.ToString(CultureInfo.InvariantCulture), "stop"],
            CancellationToken.None);
        if (result.ExitCode == 0)
        {
            _logger.LogInformation("Stopped PostgreSQL on {Host}:{Port} in {ElapsedMs} ms", LoopbackHost, Port, elapsed.ElapsedMilliseconds);
            return;
        }

        var status = await _tools.RunAsync("pg_ctl", ["status", "-D", ClusterDirectory], CancellationToken.None);
        if (status.ExitCode != 0)
        {
            // Someone else stopped or killed it: shutdown has nothing left to do.
            _logger.LogWarning("PostgreSQL on port {Port} was already stopped", Port);
            return;
        }

        throw CommandFailure.From(result, _tools.LogFile);
    }

    /// <summary>
    /// Moves a server an earlier version left running with trust authentication to the password without restarting
    /// it: trust still lets this connection in to set the password, then the server reloads the new pg_hba.conf.
    /// </summary>
    private async Task UpgradeRunningServerAsync(ClusterConfiguration configuration, CancellationToken ct)
    {
        DateTime loadedBefore;
        await using (var connection = await OpenMaintenanceConnectionAsync(ct))
        {
            loadedBefore = await ConfigurationLoadTimeAsync(connection, ct);
            await using var alter = new NpgsqlCommand($"ALTER ROLE {ServiceUser} PASSWORD '{_password.ScramVerifier()}'", connection);
            await alter.ExecuteNonQueryAsync(ct);
            await configuration.WritePasswordAuthenticationAsync(ct);
            await configuration.WriteListenSettingsAsync(Port, ChooseSocketDirectory(DataDirectory, Port), ct);
            await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync(ct);
        }

        // The postmaster reloads when it gets to the signal; a new session reports the load time it inherited from
        // it, so once that moves, no connection gets in without the password any more.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using (var connection = await OpenMaintenanceConnectionAsync(ct))
            {
                if (await ConfigurationLoadTimeAsync(connection, ct) > loadedBefore)
                {
                    break;
                }
            }

            if (waited.Elapsed > ConnectRetryWindow)
            {
                throw new InvalidOperationException($"PostgreSQL on port {Port} did not reload its configuration within {ConnectRetryWindow.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }

        _logger.LogWarning(
            "The PostgreSQL server on {Host}:{Port} trusted every local user (started by an earlier version); it now requires the password in {PasswordFile}",
            LoopbackHost, Port, PasswordFile);
    }

    private static async Task<DateTime> ConfigurationLoadTimeAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_conf_load_time()", connection);
        return (DateTime)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task EnsureDatabaseExistsAsync(string name, CancellationToken ct)
    {
        await using var connection = await OpenMaintenanceConnectionAsync(ct);

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
            _logger.LogInformation("Created database {Database}", name);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // A parallel test class or process created it between our check and our CREATE.
        }
    }

    private async Task<NpgsqlConnection> OpenMaintenanceConnectionAsync(CancellationToken ct)
    {
        // pg_ctl -w returns once the postmaster says it is ready, but an attached server may still be
        // starting up (or recovering after a crash), so connecting gets a short grace period.
        var connectionString = BuildConnectionString(MaintenanceDatabase, pooling: false);
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
                    $"The PostgreSQL server of {ClusterDirectory} refused the password in {PasswordFile}. To set a new one, stop the server "
                    + $"(pg_ctl -D {ClusterDirectory} stop), delete that file and start the Host again.",
                    exception);
            }
            catch (NpgsqlException exception) when (waited.Elapsed < ConnectRetryWindow && !ct.IsCancellationRequested)
            {
                await connection.DisposeAsync();
                _logger.LogDebug("PostgreSQL on port {Port} is not accepting connections yet ({Reason}); retrying", Port, exception.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
    }

    private string BuildConnectionString(string database, bool pooling)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = LoopbackHost,
            Port = Port,
            Username = ServiceUser,
            Password = _password.Value,
            Database = database,
        };
        if (!pooling)
        {
            // An idle pooled connection to the maintenance database would outlive its purpose.
            builder.Pooling = false;
        }

        return builder.ConnectionString;
    }

    private static string QuoteIdentifier(string identifier) =>
        "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
