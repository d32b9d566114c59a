using System.Diagnostics;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>
/// The data folder's start-up lock: test assemblies and running Hosts may share one folder, and only one of them at
/// a time may initialize, start, join or leave its cluster.
/// </summary>
internal static class StartupLock
{
    /// <summary>The lock, or null when another process still holds it after <paramref name="timeout"/>.</summary>
    public static async Task<FileStream?> AcquireAsync(ClusterFolder folder, ILogger logger, TimeSpan timeout, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        var announced = false;
        while (true)
        {
            try
            {
                // On Unix FileShare.None takes an exclusive flock, which other processes respect and the kernel
                // releases if this process dies.
                return new FileStream(folder.StartupLockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                if (waited.Elapsed >= timeout)
                {
                    return null;
                }

                if (!announced)
                {
                    logger.LogInformation("Waiting for another process that is starting PostgreSQL in {DataDirectory}", folder.DataDirectory);
                    announced = true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            }
        }
    }
}
