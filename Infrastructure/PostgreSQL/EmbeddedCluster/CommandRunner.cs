using System.Text;
using CliWrap;
using CliWrap.Buffered;
using CliWrap.Builders;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

/// <summary>What ran, how it ended and everything it printed.</summary>
internal sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs one program to its end (through CliWrap) and returns its exit code and output. A non-zero exit code is the
/// caller's to judge: <c>pg_ctl status</c>, for one, answers with it.
/// </summary>
internal static class CommandRunner
{
    // Longer than the 60 s pg_ctl itself waits for the server, so its own clearer error wins.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static async Task<CommandResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken ct, string? standardInput = null)
    {
        var command = Cli.Wrap(fileName)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(WithoutInheritedPostgresSettings)

            // Without input the pipe is closed at once, so that a child can never wait on ours (or the terminal's).
            .WithStandardInputPipe(standardInput is null ? PipeSource.Null : PipeSource.FromString(standardInput, Encoding.UTF8))
            .WithValidation(CommandResultValidation.None);

        var commandLine = FormatCommandLine(fileName, arguments);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            // Cancelling kills the child's whole process tree.
            var result = await command.ExecuteBufferedAsync(Encoding.UTF8, timeout.Token);
            return new CommandResult(commandLine, result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new InvalidOperationException($"Command timed out after {Timeout.TotalSeconds:0} s: {commandLine}");
        }
    }

    private static void WithoutInheritedPostgresSettings(EnvironmentVariablesBuilder variables)
    {
        // PGDATA, PGPORT, PGOPTIONS... of the caller's shell must not redirect our private cluster; null removes one.
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.StartsWith("PG", StringComparison.Ordinal))
            {
                variables.Set(name, null);
            }
        }
    }

    private static string FormatCommandLine(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Prepend(fileName).Select(argument => argument.Contains(' ', StringComparison.Ordinal) ? $"\"{argument}\"" : argument));
}
