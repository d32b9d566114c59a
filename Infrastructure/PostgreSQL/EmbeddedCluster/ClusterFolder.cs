using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>
/// The data folder of a private cluster and what it holds: the cluster itself (<c>pgdata</c>), the server's log, the
/// superuser's password file, the leases of the processes using the server (<c>hosts/</c>) and the start-up lock.
/// </summary>
internal sealed class ClusterFolder(string dataDirectory)
{
    private const string ClusterFolderName = "pgdata";
    private const string FallbackRoot = "/var/tmp/product-describer";

    // sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
    private const int MaxUnixSocketPathBytes = 107;

    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);

    public string ClusterDirectory => Path.Combine(DataDirectory, ClusterFolderName);

    public string LogFile => Path.Combine(DataDirectory, "postgres.log");

    public string PasswordFile => Path.Combine(DataDirectory, ClusterPassword.FileName);

    public string LeaseFolder => Path.Combine(DataDirectory, "hosts");

    public string StartupLockFile => Path.Combine(DataDirectory, ".startup.lock");

    /// <summary>Where a running server keeps its pid and port.</summary>
    public string PidFile => Path.Combine(ClusterDirectory, "postmaster.pid");

    /// <summary>A new folder for initdb to write into, renamed to <see cref="ClusterDirectory"/> once complete.</summary>
    public string NewScratchClusterDirectory() => Path.Combine(DataDirectory, $"{ClusterFolderName}.initdb-{Guid.NewGuid():N}");

    /// <summary>Folders an interrupted initdb left behind.</summary>
    public IEnumerable<string> ScratchClusterDirectories() =>
        Directory.EnumerateDirectories(DataDirectory, $"{ClusterFolderName}.initdb-*");

    /// <summary>The server's socket folder: the data folder keeps clusters apart, but a deep path overflows sun_path.</summary>
    public string SocketDirectory(int port)
    {
        var socketPath = Path.Combine(DataDirectory, $".s.PGSQL.{port.ToString(CultureInfo.InvariantCulture)}");
        return Encoding.UTF8.GetByteCount(socketPath) <= MaxUnixSocketPathBytes ? DataDirectory : "/tmp";
    }

    /// <summary>
    /// Creates the folder for the server's user. When that user cannot reach it (e.g. under /root), a stable folder
    /// derived from its path under /var/tmp is used instead, and the log says so.
    /// </summary>
    public static async Task<ClusterFolder> PrepareAsync(string requestedDirectory, ILogger logger, CancellationToken ct)
    {
        var requested = Path.GetFullPath(requestedDirectory);
        if (!ServiceUser.IsNeeded)
        {
            Directory.CreateDirectory(requested);
            return new ClusterFolder(requested);
        }

        if (await TryPrepareForServiceUserAsync(requested, ct))
        {
            return new ClusterFolder(requested);
        }

        var fallback = Path.Combine(FallbackRoot, ShortHash(requested));
        logger.LogWarning(
            "User {ServiceUser} cannot reach data directory {RequestedDirectory}; using {FallbackDirectory} instead",
            ServiceUser.Name, requested, fallback);

        if (await TryPrepareForServiceUserAsync(fallback, ct))
        {
            return new ClusterFolder(fallback);
        }

        throw new InvalidOperationException(
            $"Neither {requested} nor the fallback {fallback} is usable by user {ServiceUser.Name}: every parent folder must be traversable (o+x).");
    }

    private static async Task<bool> TryPrepareForServiceUserAsync(string directory, CancellationToken ct)
    {
        // Checked before creating anything, so that an unreachable path does not leave empty folders behind.
        if (!await ServiceUser.PassesTestAsync(["-x", NearestExistingAncestor(directory)], ct))
        {
            return false;
        }

        Directory.CreateDirectory(directory);
        await ServiceUser.GiveAsync(directory, ct);

        // A restrictive umask can make the folders just created untraversable for postgres.
        return await ServiceUser.PassesTestAsync(["-w", directory, "-a", "-x", directory], ct);
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
}
