using System.Globalization;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>Finds the PostgreSQL installation whose pg_ctl, initdb and postgres run the private cluster.</summary>
internal static class ServerBinaries
{
    private const string InstalledVersionsRoot = "/usr/lib/postgresql";
    private const string NotFoundMessage = "PostgreSQL binaries not found; install postgresql or set DATABASE_URL";

    /// <summary>The configured folder, else the cluster's own major version, else pg_ctl on PATH, else the newest installed.</summary>
    public static string Find(string? configured, string clusterDirectory)
    {
        if (configured is not null)
        {
            var full = Path.GetFullPath(configured);
            return HasServerTools(full)
                ? full
                : throw new InvalidOperationException($"{NotFoundMessage} (no pg_ctl, initdb and postgres in {full})");
        }

        return Candidates(clusterDirectory).FirstOrDefault(HasServerTools)
            ?? throw new InvalidOperationException(NotFoundMessage);
    }

    private static IEnumerable<string> Candidates(string clusterDirectory)
    {
        // An existing cluster only runs with its own major version, whatever else is installed.
        var clusterVersion = ReadClusterVersion(clusterDirectory);
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

    /// <summary>The major version of an initialized cluster; null when there is none (or it is incomplete).</summary>
    public static string? ReadClusterVersion(string clusterDirectory)
    {
        var versionFile = Path.Combine(clusterDirectory, "PG_VERSION");
        return File.Exists(versionFile) ? File.ReadAllText(versionFile).Trim() : null;
    }
}
