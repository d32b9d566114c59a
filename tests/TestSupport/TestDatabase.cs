using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ProductDescriber.PostgreSQL.Connection;
using ProductDescriber.PostgreSQL.EmbeddedCluster;

namespace ProductDescriber.TestSupport;

/// <summary>
/// One PostgreSQL server for the whole test run: <c>TEST_DATABASE_URL</c> when given, else a private cluster
/// started the way the Host starts its own. Every test host gets a fresh database on it.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static EmbeddedPostgres? _cluster;
    private static string? _serverConnectionString;
    private static int _databases;

    private const string FolderPrefix = "pd-tests-";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateAsync(string prefix)
    {
        var name = $"pd_{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}".ToLowerInvariant();
        var server = await ServerAsync();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task<string> ServerAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_serverConnectionString is not null)
            {
                return _serverConnectionString;
            }

            if (Environment.GetEnvironmentVariable("TEST_DATABASE_URL") is { Length: > 0 } url)
            {
                _serverConnectionString = new NpgsqlConnectionStringBuilder(DatabaseConnection.Normalize(url)) { Database = "postgres" }.ConnectionString;
                return _serverConnectionString;
            }

            SweepLeftoverClusters();
            var folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Environment.ProcessId);
            _cluster = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions(folder, Database: "postgres"), NullLogger.Instance);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopCluster(_cluster.DataDirectory);
            _serverConnectionString = _cluster.ConnectionString;
            return _serverConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// The test platform may end a test process before ProcessExit runs, which left a running server and about
    /// 1.6 GB in the temp folder per test project and run: every run first removes the clusters of test processes
    /// that are gone (a live one, e.g. a test project running in parallel, is left alone).
    /// </summary>
    private static void SweepLeftoverClusters()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (int.TryParse(Path.GetFileName(folder)[FolderPrefix.Length..], out var pid) && !IsRunning(pid))
            {
                StopCluster(folder);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs at process exit, where nothing can be awaited: an immediate stop through the Host's own pg_ctl runner
    /// (waited on for 10 s at most), then the folder goes.
    /// </summary>
    private static void StopCluster(string folder)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var server = new ServerProcess(ServerTools.Find(new ClusterFolder(folder)));
            server.StopAsync(ShutdownMode.Immediate, timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // No binaries, no folder, or the server would not stop: what is left of the folder still goes.
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
