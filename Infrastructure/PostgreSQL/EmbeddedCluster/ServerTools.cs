using System.Diagnostics;
using System.Globalization;
using System.Text;
using ProductDescriber.PostgreSQL.Connection;
using ProductDescriber.PostgreSQL.Migrations;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>
/// The server binaries of one PostgreSQL installation, run as user <c>postgres</c> when the Host runs as root
/// (initdb, pg_ctl and postgres refuse root).
/// </summary>
internal sealed class ServerTools(string binDirectory, bool runAsServiceUser, string dataDirectory)
{
    public const string ServiceUser = "postgres";
    private const string LogFileName = "postgres.log";

    public static string RunuserPath { get; } = new[] { "/usr/sbin/runuser", "/sbin/runuser" }.FirstOrDefault(File.Exists) ?? "runuser";

    public string LogFile { get; } = Path.Combine(dataDirectory, LogFileName);

    public bool RunAsServiceUser => runAsServiceUser;

    public Task<CommandResult> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken ct, string? standardInput = null)
    {
        var executable = Path.Combine(binDirectory, tool);

        // The working folder must be one postgres can enter, or the tools complain about the inherited one
        // (e.g. under /root).
        return runAsServiceUser
            ? ProcessRunner.RunAsync(RunuserPath, ["-u", ServiceUser, "--", executable, .. arguments], dataDirectory, ct, standardInput)
            : ProcessRunner.RunAsync(executable, arguments, dataDirectory, ct, standardInput);
    }

    /// <summary>Hands a file root just wrote to the server's user, who must read it; a no-op when not root.</summary>
    public async Task GiveToServiceUserAsync(string path, CancellationToken ct)
    {
        if (!runAsServiceUser)
        {
            return;
        }

        var chown = await ProcessRunner.RunAsync("chown", [ServiceUser, path], "/", ct);
        if (chown.ExitCode != 0)
        {
            throw CommandFailure.From(chown, logFile: null);
        }
    }
}

internal sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError);

/// <summary>Builds the exception for a failed command: its exit code and the end of its output and of the server log.</summary>
internal static class CommandFailure
{
    public static InvalidOperationException From(CommandResult result, string? logFile)
    {
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Command failed with exit code {result.ExitCode}: {result.CommandLine}")
            .AppendLine()
            .AppendLine("--- stderr (tail) ---")
            .AppendLine(Tail(result.StandardError))
            .AppendLine("--- stdout (tail) ---")
            .AppendLine(Tail(result.StandardOutput));
        if (logFile is not null)
        {
            message.AppendLine(CultureInfo.InvariantCulture, $"--- {logFile} (tail) ---").AppendLine(ReadLogTail(logFile));
        }

        return new InvalidOperationException(message.ToString());
    }

    private static string Tail(string text, int maxLines = 20)
    {
        var lines = text.TrimEnd().Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - maxLines)));
    }

    private static string ReadLogTail(string logFile)
    {
        const int maxBytes = 8192;
        try
        {
            // The log only grows, so read just its end; it is small enough to read synchronously on an error path.
            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Max(0, stream.Length - maxBytes), SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return Tail(reader.ReadToEnd());
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"(cannot read: {exception.Message})";
        }
    }
}

internal static class ProcessRunner
{
    // Longer than the 60 s pg_ctl itself waits for the server, so its own clearer error wins.
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    public static async Task<CommandResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken ct, string? standardInput = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        RemoveInheritedPostgresSettings(startInfo);

        var commandLine = FormatCommandLine(fileName, arguments);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {commandLine}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CommandTimeout);
        var standardOutput = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var standardError = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            try
            {
                if (standardInput is not null)
                {
                    await process.StandardInput.WriteAsync(standardInput.AsMemory(), timeout.Token);
                }

                // Closed at once so that a child can never wait on our (or the terminal's) input.
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The child exited without reading its input: its exit code and output say why.
            }
            await process.WaitForExitAsync(timeout.Token);
            return new CommandResult(commandLine, process.ExitCode, await standardOutput, await standardError);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            KillQuietly(process);
            throw new InvalidOperationException($"Command timed out after {CommandTimeout.TotalSeconds:0} s: {commandLine}");
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
            throw;
        }
    }

    private static void RemoveInheritedPostgresSettings(ProcessStartInfo startInfo)
    {
        // PGDATA, PGPORT, PGOPTIONS... of the caller's shell must not redirect our private cluster.
        foreach (var name in startInfo.Environment.Keys.Where(key => key.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(name);
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    private static string FormatCommandLine(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Prepend(fileName).Select(argument => argument.Contains(' ', StringComparison.Ordinal) ? $"\"{argument}\"" : argument));
}
