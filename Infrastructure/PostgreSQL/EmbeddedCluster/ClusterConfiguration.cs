using System.Globalization;
using System.Text.RegularExpressions;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>
/// The parts of the private cluster's configuration the Host owns, kept in the cluster folder so that a plain
/// <c>pg_ctl -D &lt;data&gt;/pgdata start</c> brings the server back exactly as the Host runs it:
/// who may log in (<c>pg_hba.conf</c>: the password, always) and where it listens (<c>product_describer.conf</c>,
/// included from <c>postgresql.conf</c>: loopback only, on the port chosen at the first start).
/// </summary>
internal sealed partial class ClusterConfiguration(ServerTools tools, string clusterDirectory)
{
    private const string SettingsFileName = "product_describer.conf";
    private const string IncludeLine = $"include_if_exists = '{SettingsFileName}'";

    // First line of the pg_hba.conf the Host writes; a cluster without it comes from a version that trusted
    // every local user, and is upgraded at the next start.
    private const string PasswordAuthenticationMarker = "# Product Describer: every connection needs the password";

    private const string HostBasedAuthentication = $"""
        {PasswordAuthenticationMarker} (see {ClusterPassword.FileName} in the data folder).
        # Written by the Host at start; docs/adr/0007-embedded-postgresql.md says why.
        # TYPE  DATABASE  USER  ADDRESS        METHOD
        local   all       all                  scram-sha-256
        host    all       all   127.0.0.1/32   scram-sha-256
        host    all       all   ::1/128        scram-sha-256

        """;

    private string HbaFile => Path.Combine(clusterDirectory, "pg_hba.conf");

    private string SettingsFile => Path.Combine(clusterDirectory, SettingsFileName);

    /// <summary>True once the Host wrote its pg_hba.conf; false for a cluster of an earlier version (trust).</summary>
    public async Task<bool> RequiresPasswordAsync(CancellationToken ct)
    {
        if (!File.Exists(HbaFile))
        {
            return false;
        }

        using var reader = new StreamReader(HbaFile);
        return (await reader.ReadLineAsync(ct))?.StartsWith(PasswordAuthenticationMarker, StringComparison.Ordinal) == true;
    }

    /// <summary>
    /// Sets the superuser password and password-only authentication on a cluster that is not running, through a
    /// single-user backend: no server, no connection, so nothing is trusted meanwhile. The server stores the
    /// password's SCRAM verifier, never the password.
    /// </summary>
    public async Task RequirePasswordAsync(ClusterPassword password, CancellationToken ct)
    {
        var result = await tools.RunAsync(
            "postgres",
            ["--single", "-D", clusterDirectory, "-c", "exit_on_error=on", "postgres"],
            ct,
            standardInput: $"ALTER ROLE {ServiceUser.Name} PASSWORD '{password.ScramVerifier()}';\n");
        if (result.ExitCode != 0)
        {
            throw CommandFailure.From(result, logFile: null);
        }

        await WritePasswordAuthenticationAsync(ct);
    }

    /// <summary>Replaces pg_hba.conf: the password for everyone, over the socket and loopback TCP alike.</summary>
    public Task WritePasswordAuthenticationAsync(CancellationToken ct) => WriteAsync(HbaFile, HostBasedAuthentication, ct);

    /// <summary>The port stored by an earlier start, or null for a new cluster (or one of an earlier version).</summary>
    public async Task<int?> ReadPortAsync(CancellationToken ct)
    {
        if (!File.Exists(SettingsFile))
        {
            return null;
        }

        var match = PortSetting().Match(await File.ReadAllTextAsync(SettingsFile, ct));
        return match.Success && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    public async Task WriteListenSettingsAsync(int port, string socketDirectory, CancellationToken ct)
    {
        var settings = $"""
            # Written by the Host at each start of the private cluster. The port stays the same from start to start
            # (so a copied DATABASE_URL keeps working) unless another program has taken it meanwhile.
            listen_addresses = '127.0.0.1'
            port = {port.ToString(CultureInfo.InvariantCulture)}
            unix_socket_directories = '{socketDirectory.Replace("'", "''", StringComparison.Ordinal)}'

            """;
        await WriteAsync(SettingsFile, settings, ct);

        var mainFile = Path.Combine(clusterDirectory, "postgresql.conf");
        var main = await File.ReadAllTextAsync(mainFile, ct);
        if (!main.Contains(IncludeLine, StringComparison.Ordinal))
        {
            // Appending keeps the file's owner (postgres) even when root does it; the include comes last so it wins.
            await File.AppendAllTextAsync(mainFile, $"\n# The Host's listen settings (port, addresses, socket folder).\n{IncludeLine}\n", ct);
        }
    }

    /// <summary>
    /// Replaces a file whole: written beside it, made the server user's and private, then renamed over it, so the
    /// server never reads half a file, whatever happens meanwhile.
    /// </summary>
    private async Task WriteAsync(string path, string content, CancellationToken ct)
    {
        var scratch = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = ClusterPassword.CreateOwnerOnly(scratch))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteAsync(content.AsMemory(), ct);
            }

            await ServiceUser.GiveAsync(scratch, ct);
            File.Move(scratch, path, overwrite: true);
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    [GeneratedRegex(@"^\s*port\s*=\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex PortSetting();
}
