using System.Diagnostics;
using ProductDescriber.BuildingBlocks.Hosting;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>
/// How a process gets a running server for its folder: it joins the server already running there (adopting one that
/// nobody uses any more), or starts its own, making the cluster first if there is none. Clusters of earlier versions,
/// which trusted every local user, are brought to the password on the way. Call under the start-up lock.
/// </summary>
internal sealed class ClusterStartup(ServerTools tools, ClusterPassword password, ILogger logger, StartupTimeline? timeline = null)
{
    private const int StartAttempts = 3;

    private readonly ServerProcess _server = new(tools);

    private ClusterFolder Folder => tools.Folder;

    /// <summary>The port of the server running on the folder, or null when none is.</summary>
    public async Task<int?> TryJoinRunningServerAsync(ClusterLease lease, CancellationToken ct)
    {
        if (!File.Exists(Folder.PidFile))
        {
            return null;
        }

        if (!await _server.IsRunningAsync(ct) || PostmasterPidFile.Read(Folder) is not { } pidFile)
        {
            // The postmaster starts fine over a stale lock file whose process is gone.
            logger.LogInformation("Ignoring stale {PidFile}: no server is running", Folder.PidFile);
            return null;
        }

        if (!pidFile.IsLive)
        {
            // postgres would refuse to start over the lock file of a zombie or of an unrelated process, so it has to go.
            logger.LogWarning("Removing {PidFile}: its process {Pid} is not a live PostgreSQL server", Folder.PidFile, pidFile.Pid);
            File.Delete(Folder.PidFile);
            return null;
        }

        var port = pidFile.ReadPort();
        var others = ClusterLease.CountOthers(Folder, lease);
        if (others == 0)
        {
            // A Host killed with SIGKILL (or an earlier version, which never stopped a server it found) left it behind.
            timeline?.Mark("PostgreSQL: joined the running server");
            logger.LogInformation(
                "Adopting the PostgreSQL server left running on {Host}:{Port} for {ClusterDirectory}: no other process uses it, so this one stops it when it stops",
                MaintenanceDatabase.LoopbackHost, port, Folder.ClusterDirectory);
        }
        else
        {
            logger.LogInformation(
                "Sharing the PostgreSQL server running on {Host}:{Port} for {ClusterDirectory} with {Others} other process(es); the last one to stop stops it",
                MaintenanceDatabase.LoopbackHost, port, Folder.ClusterDirectory, others);
        }

        var configuration = new ClusterConfiguration(tools, Folder.ClusterDirectory);
        if (!await configuration.RequiresPasswordAsync(ct))
        {
            await new MaintenanceDatabase(Folder, port, password, logger).RequirePasswordOnRunningServerAsync(configuration, ct);
        }

        return port;
    }

    /// <summary>Starts the folder's server (on <paramref name="configuredPort"/>, else its stored port) and returns its port.</summary>
    public async Task<int> StartServerAsync(int? configuredPort, CancellationToken ct)
    {
        var configuration = new ClusterConfiguration(tools, Folder.ClusterDirectory);
        await RequirePasswordAsync(configuration, ct);

        var port = ClusterPort.Choose(configuredPort, await configuration.ReadPortAsync(ct), Folder.ClusterDirectory, logger);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Port, addresses and socket folder go into the cluster's own configuration, so a plain `pg_ctl start`
                // by an operator brings it back the same way.
                await configuration.WriteListenSettingsAsync(port, Folder.SocketDirectory(port), ct);
                var elapsed = Stopwatch.StartNew();
                await _server.StartAsync(ct);
                timeline?.Mark("PostgreSQL: server started (pg_ctl start)");
                logger.LogInformation(
                    "Started PostgreSQL on {Host}:{Port} from {ClusterDirectory} in {ElapsedMs} ms (log: {LogFile})",
                    MaintenanceDatabase.LoopbackHost, port, Folder.ClusterDirectory, elapsed.ElapsedMilliseconds, Folder.LogFile);
                return port;
            }
            catch (InvalidOperationException exception) when (attempt < StartAttempts)
            {
                // Another program can take the port before postgres binds it (then the next attempt moves), and the
                // children of a killed postmaster hold its shared memory for a moment: both clear up on a retry.
                logger.LogWarning(exception, "PostgreSQL did not start on port {Port} (attempt {Attempt} of {Attempts}); retrying", port, attempt, StartAttempts);
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), ct);
                port = ClusterPort.Choose(configuredPort, port, Folder.ClusterDirectory, logger);
            }
        }
    }

    /// <summary>A stopped cluster gets the password before it runs: new, of an earlier version, or with its password file deleted.</summary>
    private async Task RequirePasswordAsync(ClusterConfiguration configuration, CancellationToken ct)
    {
        if (!ClusterInitialization.IsInitialized(Folder))
        {
            await ClusterInitialization.InitializeAsync(tools, password, logger, ct);
            timeline?.Mark("PostgreSQL: cluster made (initdb, password)");
        }
        else if (!await configuration.RequiresPasswordAsync(ct))
        {
            await configuration.RequirePasswordAsync(password, ct);
            logger.LogWarning(
                "The PostgreSQL cluster in {ClusterDirectory} trusted every local user (made by an earlier version); it now requires the password in {PasswordFile}",
                Folder.ClusterDirectory, password.FilePath);
        }
        else if (password.IsNew)
        {
            // The password file was deleted: that is how an operator resets the password of a stopped cluster.
            await configuration.RequirePasswordAsync(password, ct);
            logger.LogWarning("Set a new password for the PostgreSQL cluster in {ClusterDirectory}; it is in {PasswordFile}", Folder.ClusterDirectory, password.FilePath);
        }
    }
}
