using Microsoft.Extensions.Time.Testing;
using ProductDescriber.Identity.Login;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests;

/// <summary>
/// Attempts still being checked hold a place on their counters (so a burst gets no extra checks); these are the
/// ways such a place is given back without a failure or a success, on the real table.
/// </summary>
public sealed class PendingAttemptTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = ThrottleHosts.NewClock();
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await ThrottleHosts.StartAsync("pending", _clock, new Dictionary<string, string?>
    {
        ["Identity:LoginThrottle:Pair:FreeFailures"] = "3",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private LoginThrottleStore Store => _host.GetService<LoginThrottleStore>();

    [Fact]
    public async Task An_attempt_abandoned_mid_check_gives_its_place_to_the_next()
    {
        var subject = new ThrottleSubject(IdentityApi.NewUsername("pending"), "192.0.2.1");
        var now = _clock.GetUtcNow();
        await FillFreeFailuresAsync(subject, now);

        await Store.AbandonAsync(subject.Keys, now);

        Assert.Equal(2, (await Store.BeginAsync(subject, now)).Admitted.Length);
    }

    [Fact]
    public async Task Places_held_by_a_Host_killed_mid_check_lapse_after_a_minute()
    {
        var subject = new ThrottleSubject(IdentityApi.NewUsername("pending"), "192.0.2.2");
        var now = _clock.GetUtcNow();
        await FillFreeFailuresAsync(subject, now);

        _clock.Advance(LoginThrottleStore.PendingTimeout + TimeSpan.FromSeconds(1));

        Assert.Equal(2, (await Store.BeginAsync(subject, _clock.GetUtcNow())).Admitted.Length);
    }

    /// <summary>Three attempts in flight take the pair's three free failures: a fourth must wait for one of them.</summary>
    private async Task FillFreeFailuresAsync(ThrottleSubject subject, DateTimeOffset now)
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(2, (await Store.BeginAsync(subject, now)).Admitted.Length);
        }

        var waiting = await Store.BeginAsync(subject, now);
        Assert.Empty(waiting.Admitted);
        Assert.Equal(ThrottleScope.Pair, waiting.RefusedBy);
        Assert.False(waiting.BlockedUntil > now, "Nothing failed yet, so nothing is blocked: the attempt only waits.");
    }
}
