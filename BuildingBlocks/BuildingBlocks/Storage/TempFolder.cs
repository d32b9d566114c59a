namespace ProductDescriber.BuildingBlocks.Storage;

/// <summary>
/// This process's folder for files being written. It holds an exclusive lock file while the process lives, so at
/// start a folder whose lock can be taken belonged to a process that died mid-write and is swept; folders of live
/// processes sharing the root (another Host, a test) are left alone. Folders are named <c>{pid}-{random}</c> so an
/// operator can tell whose a folder is; the lock, not the name, decides whether it is swept (pids are reused).
/// </summary>
public sealed class TempFolder : IDisposable
{
    private const string LockFileName = ".lock";

    private const string CreatingPrefix = ".creating-";

    // A folder without a lock file is one being created right now, unless it is older than this.
    private static readonly TimeSpan CreationGrace = TimeSpan.FromMinutes(1);

    private readonly FileStream _lock;

    private TempFolder(string path, FileStream lockStream)
    {
        Path = path;
        _lock = lockStream;
    }

    public string Path { get; }

    public static TempFolder Create(string parent)
    {
        Directory.CreateDirectory(parent);
        SweepAbandoned(parent);
        var name = $"{Environment.ProcessId}-{Guid.NewGuid():N}";

        // Made under a name sweepers leave alone, locked, then renamed: between creating the lock file and locking it
        // (two system calls), another process's sweep could otherwise take the lock and delete a live folder.
        var creating = System.IO.Path.Combine(parent, CreatingPrefix + name);
        Directory.CreateDirectory(creating);
        var lockStream = new FileStream(System.IO.Path.Combine(creating, LockFileName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        var path = System.IO.Path.Combine(parent, name);
        Directory.Move(creating, path);
        return new TempFolder(path, lockStream);
    }

    public string NewFilePath() => System.IO.Path.Combine(Path, Guid.NewGuid().ToString("N") + ".tmp");

    public void Dispose()
    {
        _lock.Dispose();
        TryDelete(Path);
    }

    private static void SweepAbandoned(string parent)
    {
        foreach (var folder in Directory.EnumerateDirectories(parent))
        {
            if (System.IO.Path.GetFileName(folder).StartsWith(CreatingPrefix, StringComparison.Ordinal))
            {
                // Being created now, unless its creator died in the middle long ago.
                if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) >= CreationGrace)
                {
                    TryDelete(folder);
                }

                continue;
            }

            try
            {
                // FileShare.None takes an exclusive lock (flock on Unix): it fails while the owner lives.
                using (new FileStream(System.IO.Path.Combine(folder, LockFileName), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                }
            }
            catch (FileNotFoundException)
            {
                if (DateTime.UtcNow - Directory.GetCreationTimeUtc(folder) < CreationGrace)
                {
                    continue;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Locked by its living owner, or not ours to touch (another account sharing the parent).
                continue;
            }

            TryDelete(folder);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: the next start sweeps it.
        }
    }
}
