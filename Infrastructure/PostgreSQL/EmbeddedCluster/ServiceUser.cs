namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>
/// The account the server runs as. initdb, pg_ctl and postgres refuse root, so a process running as root runs them
/// as user <c>postgres</c> (and hands that user the files and folders it must use); any other user runs them itself.
/// </summary>
internal static class ServiceUser
{
    /// <summary>The superuser of the cluster, and the account that runs the server when this process is root.</summary>
    public const string Name = "postgres";

    private static readonly string RunuserPath = new[] { "/usr/sbin/runuser", "/sbin/runuser" }.FirstOrDefault(File.Exists) ?? "runuser";

    /// <summary>True when this process is root, so the server's programs must run as <see cref="Name"/>.</summary>
    // Environment.UserName resolves the effective uid, which is what initdb and pg_ctl check.
    public static bool IsNeeded => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    /// <summary>Runs <paramref name="executable"/>, as <see cref="Name"/> when this process is root.</summary>
    public static Task<CommandResult> RunAsync(
        string executable, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken ct, string? standardInput = null) =>
        IsNeeded
            ? CommandRunner.RunAsync(RunuserPath, ["-u", Name, "--", executable, .. arguments], workingDirectory, ct, standardInput)
            : CommandRunner.RunAsync(executable, arguments, workingDirectory, ct, standardInput);

    /// <summary>Hands a file or folder root just made to the server's user, who must use it; a no-op when not root.</summary>
    public static async Task GiveAsync(string path, CancellationToken ct)
    {
        if (!IsNeeded)
        {
            return;
        }

        var chown = await CommandRunner.RunAsync("chown", [Name, path], "/", ct);
        if (chown.ExitCode != 0)
        {
            throw CommandFailure.From(chown, logFile: null);
        }
    }

    /// <summary>Whether the server's user passes <c>test</c> with <paramref name="testArguments"/>, e.g. <c>-x folder</c>.</summary>
    public static async Task<bool> PassesTestAsync(IReadOnlyList<string> testArguments, CancellationToken ct) =>
        (await RunAsync("test", testArguments, "/", ct)).ExitCode == 0;
}
