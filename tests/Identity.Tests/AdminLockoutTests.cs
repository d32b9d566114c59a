using Microsoft.Extensions.Time.Testing;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;
using static ProductDescriber.Identity.Tests.Support.LoginOutcomes;

namespace ProductDescriber.Identity.Tests;

/// <summary>
/// Issue 9, item 4, with the shipped policy (no throttle settings): five wrong passwords for the admin from any
/// address used to lock the admin out everywhere for 15 minutes.
/// </summary>
public sealed class AdminLockoutTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = ThrottleHosts.NewClock();
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await ThrottleHosts.StartAsync("lockout", _clock);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_attacker_failing_fifty_times_from_one_address_cannot_lock_the_admin_out_of_another()
    {
        using var attacker = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        var failures = 0;
        var refusals = new List<int>();
        while (failures < 50)
        {
            Assert.True(refusals.Count < 100, "The attacker should get a check after each wait.");
            var payload = await attacker.LoginPayloadAsync("admin", $"guess-{failures}");
            if (Code(payload) == "TOO_MANY_ATTEMPTS")
            {
                // Each wait is served (on the throttle's clock), so all fifty guesses are real password checks.
                refusals.Add(AssertTooManyAttempts(payload));
                _clock.Wait(refusals[^1]);
                continue;
            }

            AssertInvalidCredentials(payload);
            failures++;
        }

        // Five free guesses, then the waits double up to the 15-minute cap.
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900], refusals.Take(11));
        Assert.Equal(45, refusals.Count);
        Assert.Equal(15 * 60, AssertTooManyAttempts(await attacker.LoginPayloadAsync("admin", TestHost.AdminPassword)));

        // The owner, from another address, at once: no wait served.
        using var owner = _host.CreateGraphQLClient(ClientAddresses.Fresh());
        AssertLoggedIn(await owner.LoginPayloadAsync("admin", TestHost.AdminPassword));
    }
}
