using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProductDescriber.BuildingBlocks.Jobs;

namespace ProductDescriber.TestSupport;

/// <summary>
/// A durable job kind the tests register (modules bring their real ones): a row in <c>test_work.items</c> per piece
/// of work, which the job marks RUNNING, optionally holds there until a test releases it, then applies exactly once
/// (<c>applied</c> goes from 0 to 1 however often the job runs). Each run records the Host it ran on and whether it
/// was a recovery; a cancelled run records why.
/// </summary>
public static class TestWork
{
    public const string Kind = "test-work";

    /// <summary>Registers the job, its sweep source and the Host's name (<paramref name="node"/>, else unique per call).</summary>
    public static void Register(IServiceCollection services, string? node = null)
    {
        services.AddDurableJob<TestWorkJob, TestWorkSource>(Kind);
        services.AddSingleton(new TestWorkNode(node ?? $"{Environment.ProcessId}-{Guid.NewGuid():N}"));
        services.AddSingleton<BuildingBlocks.GraphQL.Schema.IGraphQLContributor, TestWorkContributor>();
    }

    /// <summary>The table, created by the test before any Host with this job starts on the database.</summary>
    public static async Task CreateTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            CREATE SCHEMA IF NOT EXISTS test_work;
            CREATE TABLE IF NOT EXISTS test_work.items (
                id text PRIMARY KEY,
                status text NOT NULL DEFAULT 'PENDING',
                hold boolean NOT NULL DEFAULT false,
                created_at timestamptz NOT NULL DEFAULT now(),
                runs int NOT NULL DEFAULT 0,
                recoveries int NOT NULL DEFAULT 0,
                applied int NOT NULL DEFAULT 0,
                nodes text[] NOT NULL DEFAULT '{}',
                cancelled_by text NULL)
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Commits a PENDING row (without scheduling it).</summary>
    public static async Task InsertAsync(NpgsqlDataSource database, string id, bool hold, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("INSERT INTO test_work.items (id, hold) VALUES ($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = hold });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task InsertAsync(string connectionString, string id, bool hold)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await InsertAsync(database, id, hold);
    }

    /// <summary>Lets a held job finish.</summary>
    public static async Task ReleaseAsync(string connectionString, string id)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand("UPDATE test_work.items SET hold = false WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<TestWorkRow?> ReadAsync(string connectionString, string id)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        return await ReadAsync(database, id, CancellationToken.None);
    }

    internal static async Task<TestWorkRow?> ReadAsync(NpgsqlDataSource database, string id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT status, hold, runs, recoveries, applied, nodes, cancelled_by FROM test_work.items WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new TestWorkRow(
            reader.GetString(0), reader.GetBoolean(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4),
            reader.GetFieldValue<string[]>(5), reader.IsDBNull(6) ? null : reader.GetString(6));
    }

    /// <summary>How many queued jobs exist for this work (0 or 1), straight from the job queue's table.</summary>
    public static async Task<long> QueuedJobCountAsync(string connectionString, string id)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand("SELECT count(*) FROM jobs.durable_jobs WHERE kind = $1 AND work_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = Kind });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

public sealed record TestWorkRow(string Status, bool Hold, int Runs, int Recoveries, int Applied, string[] Nodes, string? CancelledBy);

/// <summary>The name of the Host a job ran on.</summary>
public sealed record TestWorkNode(string Name);

internal sealed class TestWorkJob(NpgsqlDataSource database, TestWorkNode node) : IDurableJob
{
    public async Task RunAsync(DurableJobContext context, CancellationToken cancellationToken)
    {
        var row = await TestWork.ReadAsync(database, context.WorkId, cancellationToken);
        if (row is null || row.Status is "SUCCEEDED" or "FAILED")
        {
            return;
        }

        await ExecuteAsync(
            "UPDATE test_work.items SET status = 'RUNNING', runs = runs + 1, recoveries = recoveries + $2, nodes = array_append(nodes, $3) WHERE id = $1",
            context.WorkId, context.IsRecovery ? 1 : 0, node.Name, cancellationToken);
        try
        {
            while ((await TestWork.ReadAsync(database, context.WorkId, cancellationToken))?.Hold == true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // On the deadline the work fails; on shutdown it stays RUNNING for the next Host.
            var reason = context.DeadlineExceeded ? "deadline" : context.ShuttingDown ? "shutdown" : "unknown";
            var status = context.DeadlineExceeded ? "FAILED" : "RUNNING";
            await ExecuteAsync("UPDATE test_work.items SET cancelled_by = $2, status = $3 WHERE id = $1", context.WorkId, reason, status, CancellationToken.None);
            throw;
        }

        await ExecuteAsync(
            "UPDATE test_work.items SET applied = applied + 1, status = 'SUCCEEDED' WHERE id = $1 AND status <> 'SUCCEEDED'",
            context.WorkId, cancellationToken: cancellationToken);
    }

    private async Task ExecuteAsync(string sql, string id, object? second = null, object? third = null, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        foreach (var value in new[] { second, third }.Where(v => v is not null))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

internal sealed class TestWorkSource(NpgsqlDataSource database) : IUnfinishedWorkSource
{
    public string Kind => TestWork.Kind;

    public async Task<IReadOnlyList<string>> ListUnfinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT id FROM test_work.items WHERE status IN ('PENDING', 'RUNNING') AND created_at < $1");
        command.Parameters.Add(new NpgsqlParameter { Value = olderThan.UtcDateTime });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
