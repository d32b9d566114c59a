using System.Globalization;
using Npgsql;

namespace ProductDescriber.Bench;

/// <summary>
/// What PostgreSQL did between two snapshots, from its own statistics: committed transactions, table scans (each
/// statement reading a table makes at least one) and rows written, per schema; and the CPU its processes used. A
/// bench divides them by the work done, so "statements per job" is measured instead of guessed.
/// </summary>
internal sealed record DatabaseActivity(long Commits, IReadOnlyDictionary<string, (long Scans, long Writes)> Schemas, TimeSpan? Cpu)
{
    public static async Task<DatabaseActivity> ReadAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        // Backends report their counters when idle, at most once a second: wait for the last ones.
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        long commits;
        await using (var command = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection))
        {
            commits = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        var schemas = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            """
            SELECT schemaname, sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::bigint, sum(n_tup_ins + n_tup_upd + n_tup_del)::bigint
            FROM pg_stat_user_tables GROUP BY schemaname
            """,
            connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                schemas[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        return new DatabaseActivity(commits, schemas, await ClusterCpuAsync(connection, cancellationToken));
    }

    public string PerJob(DatabaseActivity before, int jobs)
    {
        var parts = Schemas.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s =>
        {
            var (scans, writes) = before.Schemas.TryGetValue(s.Key, out var b) ? b : (0, 0);
            return string.Create(CultureInfo.InvariantCulture, $"{s.Key} {(s.Value.Scans - scans) / (double)jobs:0.0} scans + {(s.Value.Writes - writes) / (double)jobs:0.0} rows written");
        });
        var cpu = Cpu is { } after && before.Cpu is { } start
            ? string.Create(CultureInfo.InvariantCulture, $"; PostgreSQL CPU {(after - start).TotalMilliseconds / jobs:0.0} ms")
            : "";
        return string.Create(CultureInfo.InvariantCulture, $"{(Commits - before.Commits) / (double)jobs:0.0} commits; ") + string.Join("; ", parts) + cpu;
    }

    /// <summary>User + system CPU of the cluster's postmaster and its children, from /proc (null elsewhere).</summary>
    private static async Task<TimeSpan?> ClusterCpuAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand("SHOW data_directory", connection);
            var directory = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
            var postmaster = int.Parse((await File.ReadAllLinesAsync(Path.Combine(directory, "postmaster.pid"), cancellationToken))[0], CultureInfo.InvariantCulture);
            var ticks = 0L;
            foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
            {
                if (!File.Exists(stat) || ReadStat(stat) is not { } fields)
                {
                    continue;
                }

                if (fields.Pid == postmaster || fields.ParentPid == postmaster)
                {
                    ticks += fields.CpuTicks;
                }
            }

            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux.
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or PostgresException or FormatException)
        {
            return null;
        }
    }

    private static (int Pid, int ParentPid, long CpuTicks)? ReadStat(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            var afterName = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            // Fields after "(comm)": state, ppid, ..., utime is the 14th field overall (index 11 here), stime the 15th.
            return (int.Parse(text[..text.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture),
                int.Parse(afterName[1], CultureInfo.InvariantCulture),
                long.Parse(afterName[11], CultureInfo.InvariantCulture) + long.Parse(afterName[12], CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is IOException or FormatException or ArgumentOutOfRangeException)
        {
            return null; // The process ended while read.
        }
    }
}
