using System.Globalization;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>
/// Marks one process as a user of the private cluster of a data folder: a file in <c>&lt;data&gt;/hosts</c> held under
/// an exclusive lock for as long as the process uses the server. The kernel drops the lock when the process dies,
/// however it dies, so a locked file is a live user and an unlocked one a leftover. The last user to leave stops
/// the server; see docs/adr/0007-embedded-postgresql.md. Take, count and release only under the start-up lock.
/// </summary>
internal sealed class ClusterLease : IDisposable
{
    private const string Extension = ".lease";

    private readonly FileStream _file;

    private ClusterLease(FileStream file) => _file = file;

    private string FilePath => _file.Name;

    public static ClusterLease Take(ClusterFolder folder)
    {
        var path = Path.Combine(Directory.CreateDirectory(folder.LeaseFolder).FullName, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + Extension);

        // On Unix FileShare.None takes an exclusive flock (see the start-up lock). The content is for people.
        var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        using var writer = new StreamWriter(file, leaveOpen: true);
        writer.Write(FormattableString.Invariant($"pid {Environment.ProcessId}, since {DateTimeOffset.UtcNow:O}\n"));
        return new ClusterLease(file);
    }

    /// <summary>Live users of the cluster besides <paramref name="own"/>; leases of dead processes are removed.</summary>
    public static int CountOthers(ClusterFolder folder, ClusterLease? own)
    {
        if (!Directory.Exists(folder.LeaseFolder))
        {
            return 0;
        }

        var live = 0;
        foreach (var path in Directory.EnumerateFiles(folder.LeaseFolder, "*" + Extension))
        {
            if (own is not null && path == own.FilePath)
            {
                continue;
            }

            try
            {
                using (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None))
                {
                    // Nobody holds it: its process is gone.
                }

                File.Delete(path);
            }
            catch (FileNotFoundException)
            {
            }
            catch (IOException)
            {
                live++;
            }
        }

        return live;
    }

    public void Dispose()
    {
        // Deleted before the lock goes, so nobody ever sees this lease unlocked.
        File.Delete(FilePath);
        _file.Dispose();
    }
}
