using System.Diagnostics;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>
/// Makes the cluster of a folder with initdb, so that it requires the password before it ever runs and a half-made
/// one is never mistaken for a real one.
/// </summary>
internal static class ClusterInitialization
{
    /// <summary>Whether the folder holds a complete cluster (initdb writes PG_VERSION, and the rename makes it final).</summary>
    public static bool IsInitialized(ClusterFolder folder) => ServerBinaries.ReadClusterVersion(folder.ClusterDirectory) is not null;

    public static async Task InitializeAsync(ServerTools tools, ClusterPassword password, ILogger logger, CancellationToken ct)
    {
        var folder = tools.Folder;
        RemoveLeftoversOfInterruptedInitdb(folder, logger);

        // initdb writes into a scratch folder that is renamed at the end, so a half-written cluster is never
        // mistaken for a real one after a crash or Ctrl+C.
        var scratchDirectory = folder.NewScratchClusterDirectory();
        var elapsed = Stopwatch.StartNew();
        var result = await tools.RunAsync(
            "initdb",
            ["-D", scratchDirectory, "-U", ServiceUser.Name, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"],
            ct);
        if (result.ExitCode != 0)
        {
            throw CommandFailure.From(result, logFile: null);
        }

        // initdb can only trust or ask a password file postgres could read; the password is set before the cluster
        // ever runs instead, so it never accepts a connection without it.
        await new ClusterConfiguration(tools, scratchDirectory).RequirePasswordAsync(password, ct);
        Directory.Move(scratchDirectory, folder.ClusterDirectory);
        logger.LogInformation("Initialized a new PostgreSQL cluster in {ClusterDirectory} in {ElapsedMs} ms", folder.ClusterDirectory, elapsed.ElapsedMilliseconds);
    }

    private static void RemoveLeftoversOfInterruptedInitdb(ClusterFolder folder, ILogger logger)
    {
        var leftovers = folder.ScratchClusterDirectories().ToList();
        if (Directory.Exists(folder.ClusterDirectory))
        {
            EnsureReadable(folder.ClusterDirectory);
            leftovers.Add(folder.ClusterDirectory);
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
}
