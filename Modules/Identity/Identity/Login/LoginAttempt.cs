namespace ProductDescriber.Identity.Login;

/// <summary>
/// One password check admitted by the <see cref="LoginThrottle"/> (or refused: <see cref="RetryAfter"/>). It counts
/// as pending on its counters until it ends as failed, succeeded, or (disposed without either) abandoned.
/// </summary>
internal sealed class LoginAttempt(LoginThrottle throttle, LoginThrottleStore store, ThrottleSubject subject, TimeSpan? retryAfter) : IAsyncDisposable
{
    private bool _ended = retryAfter is not null;

    /// <summary>Set when the attempt was refused and must not check the password.</summary>
    public TimeSpan? RetryAfter => retryAfter;

    public async Task FailedAsync()
    {
        EnsureRunning();
        _ended = true;
        var now = throttle.Now;
        throttle.Failed(subject, await store.FailAsync(subject, now), now);
        await throttle.PurgeWhenDueAsync(now);
    }

    /// <summary>Clears the pair's failures (not the address's, nor a wait the address is already under).</summary>
    public async Task SucceededAsync()
    {
        EnsureRunning();
        _ended = true;
        var now = throttle.Now;
        await store.SucceedAsync(subject, now);
        await throttle.PurgeWhenDueAsync(now);
    }

    /// <summary>Ends the attempt unchecked because bcrypt's queue is full; returns the wait to report.</summary>
    public TimeSpan Busy() => throttle.Busy(subject);

    public async ValueTask DisposeAsync()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        try
        {
            await store.AbandonAsync(subject.Keys, throttle.Now);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Already failing (usually the database is gone); the pending mark expires by itself.
            throttle.AbandonFailed(subject, exception);
        }
    }

    private void EnsureRunning()
    {
        if (_ended)
        {
            throw new InvalidOperationException(retryAfter is null ? "The login attempt has already ended." : "The login attempt was refused.");
        }
    }
}
