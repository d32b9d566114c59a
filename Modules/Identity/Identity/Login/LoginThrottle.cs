using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ProductDescriber.Identity.Login;

/// <summary>
/// Slows password guessing: after too many failures within a window, a username (whether it exists or not, so
/// the lock reveals nothing) or a client address is refused for a while without a password check. Counted per
/// process; see docs/adr/0005-login-throttling.md for why that is enough here.
/// </summary>
internal sealed class LoginThrottle(IOptions<IdentityOptions> options, TimeProvider clock)
{
    private const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<string, FailureWindow> _windows = new();

    private LoginThrottleOptions Settings => options.Value.LoginThrottle;

    /// <summary>How long the caller must wait, or null when an attempt is allowed now.</summary>
    public TimeSpan? RetryAfter(string username, string? address)
    {
        var now = clock.GetUtcNow();
        var wait = Wait(UserKey(username), now);
        return address is null ? wait : Max(wait, Wait(AddressKey(address), now));
    }

    public void RecordFailure(string username, string? address)
    {
        var now = clock.GetUtcNow();
        Record(UserKey(username), Settings.MaxFailuresPerUsername, now);
        if (address is not null)
        {
            Record(AddressKey(address), Settings.MaxFailuresPerAddress, now);
        }

        if (_windows.Count > SweepThreshold)
        {
            Sweep(now);
        }
    }

    public void RecordSuccess(string username) => _windows.TryRemove(UserKey(username), out _);

    private TimeSpan? Wait(string key, DateTimeOffset now) =>
        _windows.TryGetValue(key, out var window) ? window.LockedFor(now) : null;

    private void Record(string key, int limit, DateTimeOffset now) =>
        _windows.GetOrAdd(key, _ => new FailureWindow()).Fail(now, limit, Settings.Window, Settings.Lockout);

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

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private sealed class FailureWindow
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _start;
        private int _failures;
        private DateTimeOffset? _lockedUntil;

        public void Fail(DateTimeOffset now, int limit, TimeSpan window, TimeSpan lockout)
        {
            lock (_gate)
            {
                if (now - _start > window)
                {
                    _start = now;
                    _failures = 0;
                }

                _failures++;
                if (_failures >= limit)
                {
                    _lockedUntil = now + lockout;
                    _failures = 0;
                    _start = now;
                }
            }
        }

        public TimeSpan? LockedFor(DateTimeOffset now)
        {
            lock (_gate)
            {
                return _lockedUntil > now ? _lockedUntil - now : null;
            }
        }

        public bool IsStale(DateTimeOffset now, TimeSpan window)
        {
            lock (_gate)
            {
                return now - _start > window && !(_lockedUntil > now);
            }
        }
    }
}
