using System.Security.Cryptography;
using System.Text;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>
/// The superuser password of the private cluster: generated once, kept in <c>&lt;data&gt;/postgres.password</c>
/// readable by its owner only. The server itself only ever sees its SCRAM verifier.
/// </summary>
internal sealed class ClusterPassword
{
    public const string FileName = "postgres.password";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // PostgreSQL's own default (scram_iterations); the verifier must be one the server can check.
    private const int Iterations = 4096;
    private const int SaltBytes = 16;

    private ClusterPassword(string path, string value, bool created)
    {
        FilePath = path;
        Value = value;
        IsNew = created;
    }

    public string FilePath { get; }

    public string Value { get; }

    /// <summary>True when this start generated it, so the cluster does not know it yet.</summary>
    public bool IsNew { get; }

    /// <summary>Reads the password, or generates and stores a new one. Call under the data folder's start-up lock.</summary>
    public static async Task<ClusterPassword> LoadOrCreateAsync(ClusterFolder folder, ILogger logger, CancellationToken ct)
    {
        var path = folder.PasswordFile;
        if (File.Exists(path))
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
            {
                logger.LogWarning("{PasswordFile} was readable by other users; it is now readable by its owner only", path);
                File.SetUnixFileMode(path, OwnerOnly);
            }

            var stored = (await File.ReadAllTextAsync(path, ct)).Trim();
            if (stored.Length > 0)
            {
                return new ClusterPassword(path, stored, created: false);
            }
        }

        // Hex keeps it safe to paste into a URL, a connection string and a SQL literal alike.
        var value = RandomNumberGenerator.GetHexString(48, lowercase: true);
        var scratch = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var file = CreateOwnerOnly(scratch))
        {
            await file.WriteAsync(Encoding.ASCII.GetBytes(value + "\n"), ct);
        }

        File.Move(scratch, path, overwrite: true);
        return new ClusterPassword(path, value, created: true);
    }

    /// <summary>A new file only its owner may read or write, from its first byte on.</summary>
    public static FileStream CreateOwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        return new FileStream(path, options);
    }

    /// <summary>
    /// The SCRAM-SHA-256 verifier PostgreSQL stores for this password (RFC 5802, 7677): setting it instead of the
    /// plain text keeps the password out of the server's logs, which print a failing statement in full.
    /// </summary>
    public string ScramVerifier()
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Value), salt, Iterations, HashAlgorithmName.SHA256, 32);
        var storedKey = SHA256.HashData(HMACSHA256.HashData(salted, "Client Key"u8));
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${Iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
