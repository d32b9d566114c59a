namespace ProductDescriber.Identity.Login;

/// <summary>
/// The login throttle's policy (section <c>Identity:LoginThrottle</c>). Why these numbers:
/// docs/adr/0013-login-throttling-in-postgresql.md.
/// </summary>
internal sealed class LoginThrottleOptions
{
    /// <summary>The wait after a counter's last free failure; every further failure doubles it, up to the tier's cap.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>One username from one client address: slows a guesser without touching the owner elsewhere.</summary>
    public ThrottleTierOptions Pair { get; set; } = new()
    {
        FreeFailures = 5,
        MaxDelay = TimeSpan.FromMinutes(15),
        ForgetAfter = TimeSpan.FromHours(24),
    };

    /// <summary>One client address, whatever the usernames: looser, against spraying many usernames from one place.</summary>
    public ThrottleTierOptions Address { get; set; } = new()
    {
        FreeFailures = 20,
        MaxDelay = TimeSpan.FromMinutes(5),
        ForgetAfter = TimeSpan.FromHours(1),
    };

    public ThrottleTierOptions For(ThrottleScope scope) => scope == ThrottleScope.Pair ? Pair : Address;
}

internal sealed class ThrottleTierOptions
{
    /// <summary>Failures allowed without any wait.</summary>
    public int FreeFailures { get; set; }

    /// <summary>The longest wait one failure can impose.</summary>
    public TimeSpan MaxDelay { get; set; }

    /// <summary>A counter with no failure for this long starts again from zero. Longer than <see cref="MaxDelay"/>, or waiting out the cap would wipe the slate.</summary>
    public TimeSpan ForgetAfter { get; set; }
}
