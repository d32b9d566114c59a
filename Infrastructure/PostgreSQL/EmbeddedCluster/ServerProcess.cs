using System.Globalization;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>How <see cref="ServerProcess.StopAsync"/> ends the server's sessions.</summary>
internal enum ShutdownMode
{
    /// <summary>Sessions are ended and the server shuts down cleanly: how a Host stops it.</summary>
    Fast,

    /// <summary>The server quits at once and recovers at its next start, as after a crash: how an outage looks.</summary>
    Immediate,
}

/// <summary>
/// The server of one cluster folder, driven by pg_ctl. It listens where the cluster's own configuration says
/// (<see cref="ClusterConfiguration"/>), so a plain <c>pg_ctl start</c> by an operator brings it back the same way.
/// </summary>
internal sealed class ServerProcess(ServerTools tools)
{
    /// <summary>How long pg_ctl waits for the server to start or stop.</summary>
    public const int WaitSeconds = 60;

    private static readonly string Wait = WaitSeconds.ToString(CultureInfo.InvariantCulture);

    private ClusterFolder Folder => tools.Folder;

    /// <summary>Starts the server and returns once it accepts connections; its output goes to the folder's log.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        var result = await tools.RunAsync("pg_ctl", ["-D", Folder.ClusterDirectory, "-l", Folder.LogFile, "-w", "-t", Wait, "start"], ct);
        if (result.ExitCode != 0)
        {
            throw CommandFailure.From(result, Folder.LogFile);
        }
    }

    /// <summary>Whether a server runs on the cluster (pg_ctl's view: its pid file names a process that exists).</summary>
    public async Task<bool> IsRunningAsync(CancellationToken ct) =>
        (await tools.RunAsync("pg_ctl", ["status", "-D", Folder.ClusterDirectory], ct)).ExitCode == 0;

    /// <summary>
    /// Stops the server and returns once it is gone: true when this stopped it, false when it was not running (someone
    /// else stopped or killed it). Throws when a running server did not stop.
    /// </summary>
    public async Task<bool> StopAsync(ShutdownMode mode, CancellationToken ct)
    {
        var modeName = mode == ShutdownMode.Fast ? "fast" : "immediate";
        var result = await tools.RunAsync("pg_ctl", ["-D", Folder.ClusterDirectory, "-m", modeName, "-w", "-t", Wait, "stop"], ct);
        if (result.ExitCode == 0)
        {
            return true;
        }

        if (!await IsRunningAsync(ct))
        {
            return false;
        }

        throw CommandFailure.From(result, Folder.LogFile);
    }
}
