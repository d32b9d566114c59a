using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ProductDescriber.Host.Database;

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

            var folder = Path.Combine(Path.GetTempPath(), $"pd-tests-{Environment.ProcessId}");
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

    /// <summary>Runs at process exit, where nothing can be awaited: an immediate stop, then the folder goes.</summary>
    private static void StopCluster(string folder)
    {
        var pgCtl = Directory.GetFiles("/usr/lib/postgresql", "pg_ctl", SearchOption.AllDirectories).OrderDescending().FirstOrDefault() ?? "pg_ctl";
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : pgCtl) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asRoot)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("postgres");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(pgCtl);
        }

        foreach (var argument in new[] { "stop", "-D", Path.Combine(folder, "pgdata"), "-m", "immediate", "-w" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start);
        process?.WaitForExit(10_000);
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
