using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ProductDescriber.Identity.Login;

/// <summary>
/// Slows password guessing: after too many failures within a window, a username (whether it exists or not, so
/// the lock reveals nothing) or a client address is refused for a while without a password check. Attempts still
/// running count against the limits too, so a burst of concurrent guesses cannot all slip in before the first one
/// fails. Counted per process; see docs/adr/0005-login-throttling.md for why that is enough here.
/// </summary>
internal sealed class LoginThrottle(IOptions<IdentityOptions> options, TimeProvider clock)
{
    private const int SweepThreshold = 10_000;

    /// <summary>
    /// Longest a caller waits for running attempts to free a place before it is told to come back: generous, since
    /// a burst of right logins queues behind bcrypt, and below the 30 s execution timeout so the answer stays typed.
    /// </summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan WhileRunning = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, FailureWindow> _windows = new();

    private LoginThrottleOptions Settings => options.Value.LoginThrottle;

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// Starts an attempt, or refuses it (<see cref="Attempt.RetryAfter"/>). When the limit is taken by attempts
    /// still running, waits (up to <see cref="MaxWait"/>) for them to end: successes free their place, failures
    /// may lock. Dispose the attempt when done.
    /// </summary>
    public async Task<Attempt> BeginAsync(string username, string? address, CancellationToken cancellationToken)
    {
        if (_windows.Count > SweepThreshold)
        {
            Sweep(Now);
        }

        var user = Window(UserKey(username));
        var client = address is null ? null : Window(AddressKey(address));
        var deadline = Now + MaxWait;
        while (true)
        {
            var (wait, running) = TryBegin(user, client);
            if (running is null)
            {
                return wait is null ? new Attempt(this, user, client, null) : new Attempt(this, null, null, wait);
            }

            var remaining = deadline - Now;
            if (remaining <= TimeSpan.Zero)
            {
                return new Attempt(this, null, null, WhileRunning);
            }

            try
            {
                await running.WaitAsync(remaining, clock, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>Both windows admit the attempt, or one refuses it (a wait) or is full of running attempts (a task to await).</summary>
    private (TimeSpan? Wait, Task? Running) TryBegin(FailureWindow user, FailureWindow? client)
    {
        var now = Now;
        var settings = Settings;
        var userResult = user.TryBegin(now, settings.MaxFailuresPerUsername, settings.Window);
        if (userResult.Wait is not null || userResult.Running is not null || client is null)
        {
            return userResult;
        }

        var clientResult = client.TryBegin(now, settings.MaxFailuresPerAddress, settings.Window);
        if (clientResult.Wait is not null || clientResult.Running is not null)
        {
            user.End(now, failed: false, settings.MaxFailuresPerUsername, settings);
        }

        return clientResult;
    }

    private FailureWindow Window(string key) => _windows.GetOrAdd(key, _ => new FailureWindow());

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, window) in _windows)
        {
            if (window.IsStale(now, Settings.Window))
            {
                _windows.TryRemove(key, out _);
            }
        }
    }

    private static string UserKey(string username) => "u:" + username.Trim().ToLowerInvariant();

    private static string AddressKey(string address) => "a:" + address;

    /// <summary>One password check in progress; ends as failed, succeeded, or (disposed without either) abandoned.</summary>
    internal sealed class Attempt(LoginThrottle throttle, FailureWindow? user, FailureWindow? address, TimeSpan? retryAfter) : IDisposable
    {
        private bool _ended = retryAfter is not null;

        /// <summary>Set when the attempt was refused and must not check the password.</summary>
        public TimeSpan? RetryAfter => retryAfter;

        public void Failed() => End(failed: true);

        /// <summary>Forgets the username's earlier failures (not the address's, nor a lock already in force).</summary>
        public void Succeeded()
        {
            user?.Forgive();
            End(failed: false);
        }

        public void Dispose() => End(failed: false);

        private void End(bool failed)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            var now = throttle.Now;
            var settings = throttle.Settings;
            user?.End(now, failed, settings.MaxFailuresPerUsername, settings);
            address?.End(now, failed, settings.MaxFailuresPerAddress, settings);
        }
    }

    internal sealed class FailureWindow
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _start;
        private int _failures;
        private int _running;
        private DateTimeOffset? _lockedUntil;
        private TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>
        /// Admits the attempt (it now counts as running: both results null), or says how long the lock lasts, or
        /// returns a task that completes when a running attempt ends.
        /// </summary>
        public (TimeSpan? Wait, Task? Running) TryBegin(DateTimeOffset now, int limit, TimeSpan window)
        {
            lock (_gate)
            {
                if (_lockedUntil > now)
                {
                    return (_lockedUntil - now, null);
                }

                if (now - _start > window)
                {
                    _start = now;
                    _failures = 0;
                }

                if (_failures + _running >= limit)
                {
                    return (null, _ended.Task);
                }

                _running++;
                return (null, null);
            }
        }

        public void End(DateTimeOffset now, bool failed, int limit, LoginThrottleOptions settings)
        {
            TaskCompletionSource ended;
            lock (_gate)
            {
                _running = Math.Max(0, _running - 1);
                ended = _ended;
                _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
                if (failed)
                {
                    Fail(now, limit, settings);
                }
            }

            ended.SetResult();
        }

        private void Fail(DateTimeOffset now, int limit, LoginThrottleOptions settings)
        {
            if (now - _start > settings.Window)
            {
                _start = now;
                _failures = 0;
            }

            _failures++;
            if (_failures >= limit)
            {
                _lockedUntil = now + settings.Lockout;
                _failures = 0;
                _start = now;
            }
        }

        public void Forgive()
        {
            lock (_gate)
            {
                _failures = 0;
            }
        }

        public bool IsStale(DateTimeOffset now, TimeSpan window)
        {
            lock (_gate)
            {
                return _running == 0 && now - _start > window && !(_lockedUntil > now);
            }
        }
    }
}
