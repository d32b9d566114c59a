using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ProductDescriber.PostgreSQL.EmbeddedCluster;

namespace ProductDescriber.Host.Tests.PrivateCluster;

/// <summary>
/// What an operator (or an earlier version of the Host) does to a private cluster by hand, through the Host's own
/// pg_ctl and initdb runner (as user postgres when the tests run as root), and plain connections that try to log in.
/// </summary>
internal static class ClusterCommands
{
    public static string ClusterDirectory(string dataDirectory) => new ClusterFolder(dataDirectory).ClusterDirectory;

    /// <summary>Runs pg_ctl, initdb... with arguments of the test's own, and fails the test with their output when they fail.</summary>
    public static async Task RunAsync(string dataDirectory, string tool, params string[] arguments)
    {
        var result = await Tools(dataDirectory).RunAsync(tool, arguments, CancellationToken.None);
        Assert.True(result.ExitCode == 0, $"{result.CommandLine} failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
    }

    /// <summary>A folder the server's user may own, prepared as the Host prepares its data folder.</summary>
    public static async Task CreateDataDirectoryAsync(string dataDirectory)
    {
        var folder = await ClusterFolder.PrepareAsync(dataDirectory, NullLogger.Instance, CancellationToken.None);
        Assert.Equal(Path.GetFullPath(dataDirectory), folder.DataDirectory);
    }

    /// <summary>Starts the cluster's server as <c>pg_ctl start</c> does, with the settings in its configuration.</summary>
    public static Task StartAsync(string dataDirectory) => Server(dataDirectory).StartAsync(CancellationToken.None);

    /// <summary>Stops the running server at once, as a crash or an operator's <c>pg_ctl -m immediate stop</c> does.</summary>
    public static async Task StopImmediatelyAsync(string dataDirectory) =>
        Assert.True(await Server(dataDirectory).StopAsync(ShutdownMode.Immediate, CancellationToken.None), "The server was not running.");

    /// <summary>A failed test may leave its cluster running: stop it and remove the data folder, so neither outlives the run.</summary>
    public static async Task RemoveAsync(string dataDirectory)
    {
        if (PostmasterPidFile.Read(new ClusterFolder(dataDirectory)) is { IsLive: true })
        {
            await StopImmediatelyAsync(dataDirectory);
        }

        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The postmaster's pid while <c>postmaster.pid</c> exists.</summary>
    public static int? PostmasterPid(string dataDirectory) => PostmasterPidFile.Read(new ClusterFolder(dataDirectory))?.Pid;

    /// <summary>True while the postmaster runs; a zombie (dead, not yet reaped by PID 1) counts as gone.</summary>
    public static bool IsRunning(int pid) => PostmasterPidFile.IsLivePostgres(pid);

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

    private static ServerTools Tools(string dataDirectory) => ServerTools.Find(new ClusterFolder(dataDirectory));

    private static ServerProcess Server(string dataDirectory) => new(Tools(dataDirectory));
}
