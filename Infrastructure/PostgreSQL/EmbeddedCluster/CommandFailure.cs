using System.Globalization;
using System.Text;

namespace ProductDescriber.PostgreSQL.EmbeddedCluster;

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
