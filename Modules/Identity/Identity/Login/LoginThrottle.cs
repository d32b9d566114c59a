using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProductDescriber.BuildingBlocks.Diagnostics;

namespace ProductDescriber.Identity.Login;

/// <summary>
/// Slows password guessing without letting anyone lock an account: failures are counted per username and client
/// address pair and per address, and past a few free ones each failure makes that counter wait longer (1 s, 2 s,
/// 4 s ... up to a cap). An attempt made too early is refused without checking the password, whether the user
/// exists or not. The owner, from any other address, is untouched. Counters live in PostgreSQL, so every Host
/// applies the same ones. Policy and numbers: docs/adr/0013-login-throttling-in-postgresql.md.
/// </summary>
internal sealed partial class LoginThrottle(
    LoginThrottleStore store,
    [FromKeyedServices(LoginThrottle.ClockKey)] TimeProvider clock,
    ILogger<LoginThrottle> logger)
{
    /// <summary>
    /// The throttle's clock, by default the Host's. Keyed so tests can walk through the waits without moving the
    /// clock that dates access tokens.
    /// </summary>
    public const string ClockKey = "login-throttle";

    /// <summary>
    /// Longest a caller waits for attempts still being checked (they may free their place by succeeding) before it
    /// is told to come back: a burst of right logins queues behind bcrypt instead of failing.
    /// </summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan WhilePending = TimeSpan.FromSeconds(1);

    /// <summary>How often each Host deletes expired counters, at the end of an attempt (no background job needed).</summary>
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);
    private const int PurgeBatch = 1000;

    private long _nextPurgeTicks;

    /// <summary>The clock's time at PostgreSQL's precision (microseconds), so a wait served to the tick is served.</summary>
    internal DateTimeOffset Now
    {
        get
        {
            var now = clock.GetUtcNow();
            return now.AddTicks(-(now.UtcTicks % 10));
        }
    }

    /// <summary>
    /// Starts an attempt, or refuses it (<see cref="LoginAttempt.RetryAfter"/>): one statement when admitted. End
    /// the attempt with <see cref="LoginAttempt.FailedAsync"/> or <see cref="LoginAttempt.SucceededAsync"/>, and
    /// dispose it.
    /// </summary>
    public async Task<LoginAttempt> BeginAsync(string username, string? address, CancellationToken cancellationToken)
    {
        var subject = new ThrottleSubject(username, ThrottleAddress.Of(address));

        // Waiting for other attempts is about real elapsed time, not policy time, so it does not use the clock.
        var waiting = Stopwatch.StartNew();
        var poll = FirstPoll;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = Now;
            var admission = await store.BeginAsync(subject, now);
            if (admission.Admitted.Length == subject.Keys.Length)
            {
                return new LoginAttempt(this, store, subject, retryAfter: null);
            }

            if (admission.Admitted.Length > 0)
            {
                await store.AbandonAsync(admission.Admitted, now);
            }

            if (admission is { RefusedBy: { } scope, BlockedUntil: { } until } && until > now)
            {
                return Refuse(subject, scope, until - now);
            }

            if (waiting.Elapsed >= MaxWait)
            {
                return Refuse(subject, admission.RefusedBy ?? ThrottleScope.Pair, WhilePending);
            }

            await Task.Delay(poll, cancellationToken);
            poll = poll * 2 < MaxPoll ? poll * 2 : MaxPoll;
        }
    }

    internal void Failed(ThrottleSubject subject, IReadOnlyList<ThrottleCount> counts, DateTimeOffset now)
    {
        var blocking = counts.Where(c => c.BlockedUntil > now).ToList();
        if (blocking.Count == 0)
        {
            LogFailed(subject.UsernameForLog, subject.Address, Failures(counts, ThrottleScope.Pair), Failures(counts, ThrottleScope.Address));
        }

        foreach (var count in blocking)
        {
            LogWaitImposed(subject.UsernameForLog, subject.Address, ThrottleSubject.Name(count.Scope), Seconds(count.BlockedUntil!.Value - now), count.Failures);
        }
    }

    /// <summary>Refused without a check because bcrypt's queue is full: load shedding, counted like a throttle.</summary>
    internal TimeSpan Busy(ThrottleSubject subject)
    {
        AppTelemetry.LoginThrottled.Add(1, new KeyValuePair<string, object?>("scope", "busy"));
        LogBusy(subject.UsernameForLog, subject.Address);
        return WhilePending;
    }

    internal async Task PurgeWhenDueAsync(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextPurgeTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeInterval).UtcTicks, due) != due)
        {
            return;
        }

        try
        {
            var purged = await store.PurgeAsync(now, PurgeBatch);
            if (purged > 0)
            {
                LogPurged(purged);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The login's outcome is already decided and recorded; stale rows wait for the next pass.
            LogPurgeFailed(exception);
        }
    }

    internal void AbandonFailed(ThrottleSubject subject, Exception exception) => LogAbandonFailed(exception, subject.UsernameForLog, subject.Address);

    private LoginAttempt Refuse(ThrottleSubject subject, ThrottleScope scope, TimeSpan wait)
    {
        var name = ThrottleSubject.Name(scope);
        AppTelemetry.LoginThrottled.Add(1, new KeyValuePair<string, object?>("scope", name));
        LogRefused(subject.UsernameForLog, subject.Address, name, Seconds(wait));
        return new LoginAttempt(this, store, subject, wait);
    }

    private static int Failures(IReadOnlyList<ThrottleCount> counts, ThrottleScope scope) =>
        counts.FirstOrDefault(c => c.Scope == scope)?.Failures ?? 0;

    /// <summary>Whole seconds, rounded up, as <see cref="TooManyAttemptsError"/> reports them.</summary>
    internal static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    // Refusals are driven by the attacker's request rate, so they are Information; a new wait happens at most once
    // per admitted failure, which the throttle itself bounds, so it can be a Warning without flooding the log.
    [LoggerMessage(Level = LogLevel.Information, Message = "Login for {Username} from {Address} refused by the {Scope} throttle without a password check; retry in {RetryAfterSeconds} s")]
    private partial void LogRefused(string username, string address, string scope, int retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login for {Username} from {Address} failed; the {Scope} throttle now makes it wait {WaitSeconds} s after {Failures} failures")]
    private partial void LogWaitImposed(string username, string address, string scope, int waitSeconds, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Login for {Username} from {Address} failed ({PairFailures} failures for the pair, {AddressFailures} for the address)")]
    private partial void LogFailed(string username, string address, int pairFailures, int addressFailures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login for {Username} from {Address} refused: the password checks are all busy")]
    private partial void LogBusy(string username, string address);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Purged {Count} expired login throttle counters")]
    private partial void LogPurged(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging expired login throttle counters failed; the next pass retries")]
    private partial void LogPurgeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not end the login attempt for {Username} from {Address}; its place frees itself within a minute")]
    private partial void LogAbandonFailed(Exception exception, string username, string address);
}
