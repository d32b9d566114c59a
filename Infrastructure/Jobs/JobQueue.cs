using Npgsql;

namespace ProductDescriber.Jobs;

/// <summary>
/// The durable job queue: one row per scheduled (kind, work id) in <c>jobs.durable_jobs</c>, claimed by a Host with
/// <c>FOR UPDATE SKIP LOCKED</c> under a lease the Host keeps renewing, deleted when the job ends. A Host that dies
/// stops renewing; once its lease runs out another Host (or the restarted one) claims the row again, as a recovery.
/// See docs/adr/0032-job-queue-on-postgresql.md.
/// </summary>
internal sealed class JobQueue(IServiceProvider services)
{
    private NpgsqlDataSource? _database;

    public const string Schema = "jobs";

    // A key of our own for pg_advisory_xact_lock: Hosts starting together create the table one at a time
    // (CREATE ... IF NOT EXISTS alone can still collide on the catalog's unique indexes).
    private const long CreateLock = 0x4A4F4253; // 'JOBS'

    // Resolved at first use: the data source exists only once the database started, after this is constructed.
    private NpgsqlDataSource Database => _database ??= services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>Creates the schema and table if missing; every Host runs it at start, once at a time.</summary>
    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT pg_advisory_xact_lock({CreateLock});
            CREATE SCHEMA IF NOT EXISTS {Schema};
            CREATE TABLE IF NOT EXISTS {Schema}.durable_jobs (
                kind text NOT NULL,
                work_id text NOT NULL,
                scheduled_at timestamptz NOT NULL,
                owner uuid,
                lease_until timestamptz,
                runs integer NOT NULL DEFAULT 0,
                PRIMARY KEY (kind, work_id)
            );
            """,
            connection,
            transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Adds the job unless one exists for the same work; true when this call added it.</summary>
    public async Task<bool> AddAsync(string kind, string workId, CancellationToken cancellationToken) =>
        await AddAsync(kind, workId, notBefore: null, cancellationToken);

    /// <summary>
    /// As <see cref="AddAsync(string, string, CancellationToken)"/>, claimable only from <paramref name="notBefore"/>
    /// on (the database's clock decides, like the leases; null is now).
    /// </summary>
    public async Task<bool> AddAsync(string kind, string workId, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        await using var command = Database.CreateCommand(
            $"INSERT INTO {Schema}.durable_jobs (kind, work_id, scheduled_at) VALUES ($1, $2, greatest(now(), coalesce($3, now()))) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        command.Parameters.Add(new NpgsqlParameter { Value = workId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = notBefore?.ToUniversalTime(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Claims up to <paramref name="count"/> jobs that are due and nobody holds (never claimed, released, or whose
    /// owner's lease ran out), oldest first, for <paramref name="owner"/> until now + <paramref name="lease"/>. Rows
    /// another Host is claiming at the same moment are skipped, not waited for. A lapsed row may be the claiming
    /// Host's own: one it could not settle (it runs again, as a recovery), or one still running there whose heartbeat
    /// came late (the runner knows and does not start it twice).
    /// </summary>
    public async Task<IReadOnlyList<JobClaim>> ClaimAsync(Guid owner, int count, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = Database.CreateCommand(
            $"""
            UPDATE {Schema}.durable_jobs j
            SET owner = $1, lease_until = now() + $2, runs = j.runs + 1
            FROM (
                SELECT kind, work_id, owner IS NOT NULL AS recovering
                FROM {Schema}.durable_jobs
                WHERE (owner IS NULL OR lease_until < now()) AND scheduled_at <= now()
                ORDER BY scheduled_at, kind, work_id
                LIMIT $3
                FOR UPDATE SKIP LOCKED
            ) c
            WHERE j.kind = c.kind AND j.work_id = c.work_id
            RETURNING j.kind, j.work_id, c.recovering
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        command.Parameters.Add(new NpgsqlParameter { Value = lease });
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        var claims = new List<JobClaim>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claims.Add(new JobClaim(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        return claims;
    }

    /// <summary>
    /// Extends the leases of the jobs <paramref name="owner"/> runs: how a live Host says it is alive. Only those it
    /// names: a row it holds but no longer runs (its settling failed) must lapse, so that it runs again.
    /// </summary>
    public async Task RenewAsync(Guid owner, IReadOnlyCollection<JobKey> running, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = Database.CreateCommand(
            $"""
            UPDATE {Schema}.durable_jobs j SET lease_until = now() + $2
            FROM unnest($3::text[], $4::text[]) AS r(kind, work_id)
            WHERE j.owner = $1 AND j.kind = r.kind AND j.work_id = r.work_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        command.Parameters.Add(new NpgsqlParameter { Value = lease });
        command.Parameters.Add(new NpgsqlParameter { Value = running.Select(job => job.Kind).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = running.Select(job => job.WorkId).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The job ran (or failed for good): it is gone, unless another Host took it over meanwhile.</summary>
    public Task CompleteAsync(Guid owner, JobClaim claim, CancellationToken cancellationToken) =>
        ExecuteForClaimAsync($"DELETE FROM {Schema}.durable_jobs WHERE kind = $1 AND work_id = $2 AND owner = $3", owner, claim, cancellationToken);

    /// <summary>The Host stops before the job finished: free at once for another Host or the restart, not a recovery.</summary>
    public Task ReleaseAsync(Guid owner, JobClaim claim, CancellationToken cancellationToken) =>
        ExecuteForClaimAsync($"UPDATE {Schema}.durable_jobs SET owner = NULL, lease_until = NULL WHERE kind = $1 AND work_id = $2 AND owner = $3", owner, claim, cancellationToken);

    private async Task ExecuteForClaimAsync(string sql, Guid owner, JobClaim claim, CancellationToken cancellationToken)
    {
        await using var command = Database.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = claim.Kind });
        command.Parameters.Add(new NpgsqlParameter { Value = claim.WorkId });
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>A job this Host holds; <see cref="Recovering"/> when the Host that held it before died under it.</summary>
internal sealed record JobClaim(string Kind, string WorkId, bool Recovering)
{
    public JobKey Key => new(Kind, WorkId);
}

/// <summary>Which job: one row of the queue.</summary>
internal readonly record struct JobKey(string Kind, string WorkId);
