using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace ProductDescriber.Host.Tests.PrivateCluster;

/// <summary>
/// What an operator (or an earlier version of the Host) does to a private cluster by hand: PostgreSQL's own tools,
/// run as user postgres when the tests run as root, and plain connections that try to log in.
/// </summary>
internal static class ClusterCommands
{
    private static readonly string BinDirectory = Directory.GetFiles("/usr/lib/postgresql", "pg_ctl", SearchOption.AllDirectories)
        .Select(Path.GetDirectoryName)
        .OrderDescending()
        .First()!;

    private static bool AsRoot => Environment.UserName == "root";

    public static string ClusterDirectory(string dataDirectory) => Path.Combine(dataDirectory, "pgdata");

    /// <summary>Runs pg_ctl, initdb... and fails the test with their output when they fail.</summary>
    public static async Task RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(AsRoot ? "runuser" : Path.Combine(BinDirectory, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        if (AsRoot)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", Path.Combine(BinDirectory, tool) })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await error}");
    }

    /// <summary>A folder the server's user may own, as the Host prepares its data folder.</summary>
    public static async Task CreateDataDirectoryAsync(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        if (AsRoot)
        {
            using var chown = Process.Start("chown", ["postgres", dataDirectory]);
            await chown.WaitForExitAsync();
        }
    }

    /// <summary>The postmaster's pid while <c>postmaster.pid</c> exists.</summary>
    /// <summary>A failed test may leave its cluster running: stop it and remove the data folder, so neither outlives the run.</summary>
    public static async Task RemoveAsync(string dataDirectory)
    {
        if (PostmasterPid(dataDirectory) is { } pid && IsRunning(pid))
        {
            await RunAsync("pg_ctl", "-D", ClusterDirectory(dataDirectory), "-m", "immediate", "-w", "stop");
        }

        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static int? PostmasterPid(string dataDirectory)
    {
        var pidFile = Path.Combine(ClusterDirectory(dataDirectory), "postmaster.pid");
        return File.Exists(pidFile) ? int.Parse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture) : null;
    }

    /// <summary>True while the process runs; a zombie (dead, not yet reaped by PID 1) counts as gone.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Opens a connection over TCP to the cluster's maintenance database as its superuser.</summary>
    public static async Task<NpgsqlConnection> ConnectAsync(int port, string? password)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            Password = password,
            Pooling = false,

            // ~/.pgpass and PGPASSWORD must not supply what the test leaves out.
            Passfile = "/dev/null",
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Asserts the server refuses a TCP login without the password and with a wrong one.</summary>
    public static async Task AssertPasswordRequiredAsync(int port)
    {
        var withoutPassword = await Assert.ThrowsAnyAsync<NpgsqlException>(() => ConnectAsync(port, password: null));
        Assert.Contains("password", withoutPassword.Message, StringComparison.OrdinalIgnoreCase);

        var wrongPassword = await Assert.ThrowsAsync<PostgresException>(() => ConnectAsync(port, "not-the-password"));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, wrongPassword.SqlState);
    }
}
