using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ProductDescriber.Host.Database;

/// <summary>
/// Where the private cluster keeps its files and which database the application uses.
/// <paramref name="BinDirectory"/> defaults to the PostgreSQL found on PATH or under /usr/lib/postgresql;
/// <paramref name="Port"/> defaults to a free loopback port chosen at start.
/// </summary>
public sealed record EmbeddedPostgresOptions(
    string DataDirectory,
    string Database = "product_describer",
    string? BinDirectory = null,
    int? Port = null);

/// <summary>
/// A private PostgreSQL cluster run from the installed binaries, so that the Host and the tests need
/// neither Docker nor a configured server. The cluster lives in <c>&lt;DataDirectory&gt;/pgdata</c> and
/// its log in <c>&lt;DataDirectory&gt;/postgres.log</c>; a server already running on that data is reused.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private const string LoopbackHost = "127.0.0.1";
    private const string MaintenanceDatabase = "postgres";
    private const string ClusterFolderName = "pgdata";
    private const string LogFileName = "postgres.log";
    private const string StartupLockFileName = ".startup.lock";
    private const string FallbackRoot = "/var/tmp/product-describer";
    private const string InstalledVersionsRoot = "/usr/lib/postgresql";
    private const string BinariesNotFoundMessage = "PostgreSQL binaries not found; install postgresql or set DATABASE_URL";

    // PostgreSQL silently truncates longer identifiers, which would make the returned connection string lie.
    private const int MaxIdentifierBytes = 63;

    // sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
    private const int MaxUnixSocketPathBytes = 107;

    private const int StartAttempts = 3;
    private const int ServerWaitSeconds = 60;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(ServerWaitSeconds + 30);
    private static readonly TimeSpan ConnectRetryWindow = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StartupLockTimeout = TimeSpan.FromSeconds(2 * ServerWaitSeconds);

    private readonly ServerTools _tools;
    private readonly ILogger _logger;
    private readonly Lock _stopGate = new();
    private Task? _stopTask;

    private EmbeddedPostgres(ServerTools tools, string dataDirectory, int port, string database, bool ownsServer, ILogger logger)
    {
        _tools = tools;
        _logger = logger;
        DataDirectory = dataDirectory;
        Port = port;
        OwnsServer = ownsServer;
        ConnectionString = BuildConnectionString(database, pooling: true);
    }

    /// <summary>Npgsql connection string of the application database.</summary>
    public string ConnectionString { get; }

    /// <summary>The folder actually used (after a possible fallback); the cluster is in its <c>pgdata</c> subfolder.</summary>
    public string DataDirectory { get; }

    /// <summary>TCP port on 127.0.0.1 the server listens on.</summary>
    public int Port { get; }

    /// <summary>True when this instance started the server and will therefore stop it.</summary>
    public bool OwnsServer { get; }

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
        var binDirectory = ResolveBinDirectory(options.BinDirectory, dataDirectory);
        var tools = new ServerTools(binDirectory, runAsServiceUser, dataDirectory);

        EmbeddedPostgres server;
        // Test assemblies and a running Host may share one data folder: only one of them may initdb or start.
        await using (await AcquireStartupLockAsync(dataDirectory, logger, ct))
        {
            server = await TryAttachToRunningServerAsync(tools, dataDirectory, options.Database, logger, ct)
                ?? await StartOwnServerAsync(tools, dataDirectory, options, logger, ct);
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

    /// <summary>Stops the server (fast shutdown) when this instance started it; safe to call more than once.</summary>
    public Task StopAsync()
    {
        if (!OwnsServer)
        {
            return Task.CompletedTask;
        }

        lock (_stopGate)
        {
            return _stopTask ??= StopOwnServerAsync();
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
            throw CommandFailed(chown, logFile: null);
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

    private static string ResolveBinDirectory(string? configured, string dataDirectory)
    {
        if (configured is not null)
        {
            var full = Path.GetFullPath(configured);
            return HasServerTools(full)
                ? full
                : throw new InvalidOperationException($"{BinariesNotFoundMessage} (no pg_ctl, initdb and postgres in {full})");
        }

        return BinDirectoryCandidates(dataDirectory).FirstOrDefault(HasServerTools)
            ?? throw new InvalidOperationException(BinariesNotFoundMessage);
    }

    private static IEnumerable<string> BinDirectoryCandidates(string dataDirectory)
    {
        // An existing cluster only runs with its own major version, whatever else is installed.
        var clusterVersion = ReadClusterVersion(Path.Combine(dataDirectory, ClusterFolderName));
        if (clusterVersion is not null)
        {
            yield return Path.Combine(InstalledVersionsRoot, clusterVersion, "bin");
        }

        foreach (var directory in PathDirectories())
        {
            var pgCtl = new FileInfo(Path.Combine(directory, "pg_ctl"));
            if (pgCtl.Exists)
            {
                // A PATH entry is often a symlink farm; the real folder also holds initdb and postgres.
                var target = pgCtl.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? pgCtl.FullName;
                yield return Path.GetDirectoryName(target) ?? directory;
            }
        }

        foreach (var directory in InstalledVersionDirectoriesNewestFirst())
        {
            yield return directory;
        }
    }

    private static IEnumerable<string> PathDirectories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IEnumerable<string> InstalledVersionDirectoriesNewestFirst()
    {
        if (!Directory.Exists(InstalledVersionsRoot))
        {
            return [];
        }

        return Directory.EnumerateDirectories(InstalledVersionsRoot)
            .Select(directory => (Directory: directory, Version: ParseMajorVersion(Path.GetFileName(directory))))
            .Where(candidate => candidate.Version is not null)
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => Path.Combine(candidate.Directory, "bin"));
    }

    private static decimal? ParseMajorVersion(string text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var version) ? version : null;

    private static bool HasServerTools(string directory) =>
        File.Exists(Path.Combine(directory, "pg_ctl"))
        && File.Exists(Path.Combine(directory, "initdb"))
        && File.Exists(Path.Combine(directory, "postgres"));

    private static string? ReadClusterVersion(string clusterDirectory)
    {
        var versionFile = Path.Combine(clusterDirectory, "PG_VERSION");
        return File.Exists(versionFile) ? File.ReadAllText(versionFile).Trim() : null;
    }

    private static async Task<FileStream> AcquireStartupLockAsync(string dataDirectory, ILogger logger, CancellationToken ct)
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
            catch (IOException) when (waited.Elapsed < StartupLockTimeout)
            {
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
        ServerTools tools, string dataDirectory, string database, ILogger logger, CancellationToken ct)
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
        logger.LogInformation(
            "Reusing the PostgreSQL server already running on {Host}:{Port} for {ClusterDirectory}; it will not be stopped by this process",
            LoopbackHost, port, clusterDirectory);
        return new EmbeddedPostgres(tools, dataDirectory, port, database, ownsServer: false, logger);
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
        ServerTools tools, string dataDirectory, EmbeddedPostgresOptions options, ILogger logger, CancellationToken ct)
    {
        var clusterDirectory = Path.Combine(dataDirectory, ClusterFolderName);
        if (ReadClusterVersion(clusterDirectory) is null)
        {
            await InitializeClusterAsync(tools, dataDirectory, logger, ct);
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port ?? PickFreeLoopbackPort();
            try
            {
                await StartClusterAsync(tools, dataDirectory, port, logger, ct);
                return new EmbeddedPostgres(tools, dataDirectory, port, options.Database, ownsServer: true, logger);
            }
            catch (InvalidOperationException exception) when (attempt < StartAttempts)
            {
                // Another program can take the probed port before postgres binds it, and the children of a
                // killed postmaster hold its shared memory for a moment: both clear up on a retry.
                logger.LogWarning(exception, "PostgreSQL did not start on port {Port} (attempt {Attempt} of {Attempts}); retrying", port, attempt, StartAttempts);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), ct);
            }
        }
    }

    private static async Task InitializeClusterAsync(ServerTools tools, string dataDirectory, ILogger logger, CancellationToken ct)
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
            throw CommandFailed(result, logFile: null);
        }

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

    private static int PickFreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task StartClusterAsync(ServerTools tools, string dataDirectory, int port, ILogger logger, CancellationToken ct)
    {
        var clusterDirectory = Path.Combine(dataDirectory, ClusterFolderName);
        var serverOptions = string.Join(
            ' ',
            "-c listen_addresses=127.0.0.1",
            $"-p {port.ToString(CultureInfo.InvariantCulture)}",
            $"-k {QuoteForShell(ChooseSocketDirectory(dataDirectory, port))}");

        var elapsed = Stopwatch.StartNew();
        var result = await tools.RunAsync(
            "pg_ctl",
            ["-D", clusterDirectory, "-l", tools.LogFile, "-w", "-t", ServerWaitSeconds.ToString(CultureInfo.InvariantCulture), "start", "-o", serverOptions],
            ct);
        if (result.ExitCode != 0)
        {
            throw CommandFailed(result, tools.LogFile);
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

    private static string QuoteForShell(string value) =>
        // pg_ctl hands -o to /bin/sh, so a path with spaces or quotes must survive a shell.
        "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private async Task StopOwnServerAsync()
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

        throw CommandFailed(result, _tools.LogFile);
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

    private static InvalidOperationException CommandFailed(CommandResult result, string? logFile)
    {
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Command failed with exit code {result.ExitCode}: {result.CommandLine}")
            .AppendLine()
            .AppendLine("--- stderr (tail) ---")
            .AppendLine(Tail(result.StandardError))
            .AppendLine("--- stdout (tail) ---")
            .AppendLine(Tail(result.StandardOutput));
        if (logFile is not null)
        {
            message.AppendLine(CultureInfo.InvariantCulture, $"--- {logFile} (tail) ---").AppendLine(ReadLogTail(logFile));
        }

        return new InvalidOperationException(message.ToString());
    }

    private static string Tail(string text, int maxLines = 20)
    {
        var lines = text.TrimEnd().Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - maxLines)));
    }

    private static string ReadLogTail(string logFile)
    {
        const int maxBytes = 8192;
        try
        {
            // The log only grows, so read just its end; it is small enough to read synchronously on an error path.
            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Max(0, stream.Length - maxBytes), SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return Tail(reader.ReadToEnd());
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"(cannot read: {exception.Message})";
        }
    }

    /// <summary>The server binaries of one installation, run as user postgres when we are root.</summary>
    private sealed class ServerTools(string binDirectory, bool runAsServiceUser, string dataDirectory)
    {
        public static string RunuserPath { get; } = new[] { "/usr/sbin/runuser", "/sbin/runuser" }.FirstOrDefault(File.Exists) ?? "runuser";

        public string LogFile { get; } = Path.Combine(dataDirectory, LogFileName);

        public Task<CommandResult> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken ct)
        {
            var executable = Path.Combine(binDirectory, tool);

            // initdb and pg_ctl refuse to run as root. The working folder must be one postgres can enter,
            // or the tools complain about the inherited one (e.g. under /root).
            return runAsServiceUser
                ? ProcessRunner.RunAsync(RunuserPath, ["-u", ServiceUser, "--", executable, .. arguments], dataDirectory, ct)
                : ProcessRunner.RunAsync(executable, arguments, dataDirectory, ct);
        }
    }

    private sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError);

    private static class ProcessRunner
    {
        public static async Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken ct)
        {
            var startInfo = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            RemoveInheritedPostgresSettings(startInfo);

            var commandLine = FormatCommandLine(fileName, arguments);
            using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {commandLine}");
            // Closed at once so that a child can never wait on our (or the terminal's) input.
            process.StandardInput.Close();

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(CommandTimeout);
            var standardOutput = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var standardError = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                return new CommandResult(commandLine, process.ExitCode, await standardOutput, await standardError);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                KillQuietly(process);
                throw new InvalidOperationException($"Command timed out after {CommandTimeout.TotalSeconds:0} s: {commandLine}");
            }
            catch (OperationCanceledException)
            {
                KillQuietly(process);
                throw;
            }
        }

        private static void RemoveInheritedPostgresSettings(ProcessStartInfo startInfo)
        {
            // PGDATA, PGPORT, PGOPTIONS... of the caller's shell must not redirect our private cluster.
            foreach (var name in startInfo.Environment.Keys.Where(key => key.StartsWith("PG", StringComparison.Ordinal)).ToList())
            {
                startInfo.Environment.Remove(name);
            }
        }

        private static void KillQuietly(Process process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }
        }

        private static string FormatCommandLine(string fileName, IEnumerable<string> arguments) =>
            string.Join(' ', arguments.Prepend(fileName).Select(argument => argument.Contains(' ', StringComparison.Ordinal) ? $"\"{argument}\"" : argument));
    }
}
