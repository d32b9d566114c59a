using System.Globalization;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>
/// <c>postmaster.pid</c>, which a server keeps in its cluster folder while it runs (and a killed one leaves behind):
/// the postmaster's pid and the port it listens on.
/// </summary>
internal sealed class PostmasterPidFile
{
    // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, ...
    private const int PortLine = 3;

    private readonly string[] _lines;

    private PostmasterPidFile(string path, string[] lines)
    {
        FilePath = path;
        _lines = lines;
    }

    public string FilePath { get; }

    /// <summary>The postmaster's pid, or null when the first line is not one.</summary>
    public int? Pid => _lines.Length > 0 && int.TryParse(_lines[0].Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;

    /// <summary>The file of <paramref name="folder"/>'s cluster, or null when no server left one.</summary>
    public static PostmasterPidFile? Read(ClusterFolder folder) =>
        File.Exists(folder.PidFile) ? new PostmasterPidFile(folder.PidFile, File.ReadAllLines(folder.PidFile)) : null;

    /// <summary>
    /// True while the pid still is a live postgres. pg_ctl only asks kill(pid, 0), which also succeeds for a zombie (a
    /// killed postmaster that PID 1 has not reaped yet, for seconds in containers) or for an unrelated program that
    /// reused the pid after a restart.
    /// </summary>
    public bool IsLive => Pid is { } pid && IsLivePostgres(pid);

    public int ReadPort() =>
        _lines.Length > PortLine && int.TryParse(_lines[PortLine].Trim(), CultureInfo.InvariantCulture, out var port)
            ? port
            : throw new InvalidOperationException($"Cannot read the server port from line {PortLine + 1} of {FilePath}.");

    /// <summary>True while <paramref name="pid"/> is a postgres process that has not exited (a zombie has).</summary>
    public static bool IsLivePostgres(int pid)
    {
        if (!Directory.Exists("/proc/self"))
        {
            // Without procfs trust pg_ctl's answer.
            return true;
        }

        // /proc/<pid>/stat reads "<pid> (<comm>) <state> ..."; comm may itself contain ')' so split at the last one.
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
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
}
