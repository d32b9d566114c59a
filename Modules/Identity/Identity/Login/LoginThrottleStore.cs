using Microsoft.Extensions.Options;
using Npgsql;

namespace ProductDescriber.Identity.Login;

/// <summary>What <see cref="LoginThrottleStore.BeginAsync"/> decided.</summary>
/// <param name="Admitted">Keys whose counter took the attempt as pending; all of them, or the attempt was not admitted.</param>
/// <param name="RefusedBy">The counter that refused, the one blocked longest first.</param>
/// <param name="BlockedUntil">When that refusal ends; absent or past when the counter only waits for pending attempts.</param>
internal sealed record ThrottleAdmission(byte[][] Admitted, ThrottleScope? RefusedBy, DateTimeOffset? BlockedUntil);

/// <summary>A counter after a failure.</summary>
internal sealed record ThrottleCount(ThrottleScope Scope, int Failures, DateTimeOffset? BlockedUntil);

/// <summary>
/// The throttle counters in PostgreSQL, shared by every Host. Each step is one statement that reads and writes the
/// attempt's counters atomically (INSERT ... ON CONFLICT DO UPDATE decides on the row's latest version), with the
/// clock passed in rather than read from the server so the policy has one time source.
/// </summary>
internal sealed class LoginThrottleStore(NpgsqlDataSource dataSource, IOptions<IdentityOptions> options)
{
    /// <summary>An admitted attempt not ended within this is taken as lost (its Host died mid-check).</summary>
    public static readonly TimeSpan PendingTimeout = TimeSpan.FromMinutes(1);

    private const string Table = "identity.login_throttle_counters";

    /// <summary>
    /// Admits the attempt on every counter or on none (as the snapshot sees them). The INSERT runs only when no
    /// counter refuses; its DO UPDATE re-checks each row under its lock, so of concurrent attempts no more are
    /// admitted than the counters allow. A row refusing there (a race) leaves the admission partial.
    /// </summary>
    private static readonly string BeginSql = $"""
        WITH refusals AS (
            SELECT c.scope, c.blocked_until FROM {Table} c
            WHERE c.key = ANY(@keys) AND NOT ({Admits("c")})
        ), admitted AS (
            INSERT INTO {Table} AS t (key, scope, failures, pending, pending_since, expires_at)
            SELECT k.key, k.scope, 0, 1, @now, @now + @pending_timeout
            FROM unnest(@keys, @scopes) AS k(key, scope)
            WHERE NOT EXISTS (SELECT FROM refusals)
            ON CONFLICT (key) DO UPDATE SET
                failures = {Failures("t")},
                pending = {Pending("t")} + 1,
                pending_since = @now,
                expires_at = greatest(t.expires_at, @now + @pending_timeout)
            WHERE {Admits("t")}
            RETURNING t.key
        )
        SELECT (SELECT array_agg(key) FROM admitted),
               (SELECT scope FROM refusals ORDER BY blocked_until DESC NULLS LAST LIMIT 1),
               (SELECT max(blocked_until) FROM refusals)
        """;

    /// <summary>Counts a failure; once past the free ones, blocks the counter for a wait that doubles each time.</summary>
    private static readonly string FailSql = $"""
        INSERT INTO {Table} AS t (key, scope, failures, pending, last_failure_at, blocked_until, expires_at)
        SELECT k.key, k.scope, 1, 0, @now,
               CASE WHEN 1 >= {Free("k")} THEN @now + {Delay("1", "k")} END,
               @now + {Forget("k")}
        FROM unnest(@keys, @scopes) AS k(key, scope)
        ON CONFLICT (key) DO UPDATE SET
            failures = {Failures("t")} + 1,
            pending = greatest({Pending("t")} - 1, 0),
            last_failure_at = @now,
            blocked_until = CASE WHEN {Failures("t")} + 1 >= {Free("t")} THEN @now + {Delay(Failures("t") + " + 1", "t")} END,
            expires_at = greatest(t.expires_at, @now + {Forget("t")})
        RETURNING t.scope, t.failures, t.blocked_until
        """;

    /// <summary>A right password clears the pair; the address keeps its failures (see the ADR).</summary>
    private static readonly string SucceedSql = $"""
        UPDATE {Table} AS t SET
            pending = greatest({Pending("t")} - 1, 0),
            failures = CASE t.scope WHEN 'pair' THEN 0 ELSE t.failures END,
            last_failure_at = CASE t.scope WHEN 'pair' THEN NULL ELSE t.last_failure_at END,
            blocked_until = CASE t.scope WHEN 'pair' THEN NULL ELSE t.blocked_until END
        WHERE t.key = ANY(@keys)
        """;

    private static readonly string AbandonSql = $"""
        UPDATE {Table} AS t SET pending = greatest({Pending("t")} - 1, 0) WHERE t.key = ANY(@keys)
        """;

    private static readonly string PurgeSql = $"""
        DELETE FROM {Table} WHERE key IN (SELECT key FROM {Table} WHERE expires_at < @now LIMIT @batch)
        """;

    private LoginThrottleOptions Settings => options.Value.LoginThrottle;

    /// <summary>
    /// Not cancellable once sent: a client leaving between the admission and its answer would otherwise leave a
    /// pending mark for a minute.
    /// </summary>
    public async Task<ThrottleAdmission> BeginAsync(ThrottleSubject subject, DateTimeOffset now)
    {
        await using var command = Command(BeginSql, subject.Keys, now);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        await reader.ReadAsync(CancellationToken.None);
        return new ThrottleAdmission(
            reader.IsDBNull(0) ? [] : reader.GetFieldValue<byte[][]>(0),
            reader.IsDBNull(1) ? null : ThrottleSubject.Parse(reader.GetString(1)),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
    }

    public async Task<IReadOnlyList<ThrottleCount>> FailAsync(ThrottleSubject subject, DateTimeOffset now)
    {
        await using var command = Command(FailSql, subject.Keys, now);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        var counts = new List<ThrottleCount>(2);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            counts.Add(new ThrottleCount(
                ThrottleSubject.Parse(reader.GetString(0)),
                reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return counts;
    }

    public Task SucceedAsync(ThrottleSubject subject, DateTimeOffset now) => ExecuteAsync(SucceedSql, subject.Keys, now);

    /// <summary>Ends attempts that neither failed nor succeeded (cancelled, refused by another counter, busy hasher).</summary>
    public Task AbandonAsync(byte[][] keys, DateTimeOffset now) => ExecuteAsync(AbandonSql, keys, now);

    public async Task<int> PurgeAsync(DateTimeOffset now, int batch)
    {
        await using var command = dataSource.CreateCommand(PurgeSql);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("batch", batch);
        return await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>Ends run without the request's cancellation: a counter must not keep an attempt pending because the client left.</summary>
    private async Task ExecuteAsync(string sql, byte[][] keys, DateTimeOffset now)
    {
        await using var command = Command(sql, keys, now);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private NpgsqlCommand Command(string sql, byte[][] keys, DateTimeOffset now)
    {
        var settings = Settings;
        var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("keys", keys);
        command.Parameters.AddWithValue("scopes", ThrottleSubject.ScopeNames);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("pending_timeout", PendingTimeout);
        command.Parameters.AddWithValue("first_delay", settings.FirstDelay);
        command.Parameters.AddWithValue("pair_free", settings.Pair.FreeFailures);
        command.Parameters.AddWithValue("pair_max_delay", settings.Pair.MaxDelay);
        command.Parameters.AddWithValue("pair_forget", settings.Pair.ForgetAfter);
        command.Parameters.AddWithValue("address_free", settings.Address.FreeFailures);
        command.Parameters.AddWithValue("address_max_delay", settings.Address.MaxDelay);
        command.Parameters.AddWithValue("address_forget", settings.Address.ForgetAfter);
        return command;
    }

    private static string Free(string row) => $"(CASE {row}.scope WHEN 'pair' THEN @pair_free ELSE @address_free END)";

    private static string Forget(string row) => $"(CASE {row}.scope WHEN 'pair' THEN @pair_forget ELSE @address_forget END)";

    private static string MaxDelay(string row) => $"(CASE {row}.scope WHEN 'pair' THEN @pair_max_delay ELSE @address_max_delay END)";

    /// <summary>The wait after the given number of failures: the first delay, doubled per failure past the free ones, capped.</summary>
    private static string Delay(string failures, string row) =>
        $"least(@first_delay * power(2, least(({failures}) - {Free(row)}, 40)), {MaxDelay(row)})";

    /// <summary>Failures, or none once the quiet period has passed since the last one.</summary>
    private static string Failures(string row) =>
        $"(CASE WHEN {row}.last_failure_at > @now - {Forget(row)} THEN {row}.failures ELSE 0 END)";

    /// <summary>Pending attempts, or none when the latest began so long ago that they must have been lost.</summary>
    private static string Pending(string row) =>
        $"(CASE WHEN {row}.pending_since > @now - @pending_timeout THEN {row}.pending ELSE 0 END)";

    /// <summary>
    /// Not blocked, and room for one more attempt: with none pending always, else only while the failures plus the
    /// pending attempts (as if they all failed) stay within the free ones.
    /// </summary>
    private static string Admits(string row) =>
        $"({row}.blocked_until IS NULL OR {row}.blocked_until <= @now) AND ({Pending(row)} = 0 OR {Failures(row)} + {Pending(row)} < {Free(row)})";
}
