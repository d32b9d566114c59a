using Microsoft.Extensions.Time.Testing;
using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;
using static ProductDescriber.Identity.Tests.Support.LoginOutcomes;

namespace ProductDescriber.Identity.Tests;

/// <summary>Two Hosts on one database: the throttle's counters are the database's, not a process's.</summary>
public sealed class LoginThrottleAcrossHostsTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Identity:LoginThrottle:Pair:FreeFailures"] = "3",
    };

    private readonly FakeTimeProvider _clock = ThrottleHosts.NewClock();
    private TestHost _first = null!;
    private TestHost _second = null!;

    public async Task InitializeAsync()
    {
        _first = await ThrottleHosts.StartAsync("throttle-shared", _clock, Settings);
        _second = await ThrottleHosts.StartAsync("throttle-shared", _clock, Settings, connectionString: _first.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Failures_and_successes_on_one_Host_count_on_the_other()
    {
        var user = await _first.CreateUserAsync();
        var address = ClientAddresses.Fresh();
        using var onFirst = _first.CreateGraphQLClient(address);
        using var onSecond = _second.CreateGraphQLClient(address);

        for (var i = 0; i < 3; i++)
        {
            AssertInvalidCredentials(await onFirst.LoginPayloadAsync(user.Username, "wrong-password-" + i));
        }

        Assert.Equal(1, AssertTooManyAttempts(await onSecond.LoginPayloadAsync(user.Username, user.Password)));
        _clock.Wait(1);
        AssertInvalidCredentials(await onSecond.LoginPayloadAsync(user.Username, "wrong-password-3"));
        Assert.Equal(2, AssertTooManyAttempts(await onFirst.LoginPayloadAsync(user.Username, user.Password)));

        // A success on the second clears the pair for the first as well: two failures there wait for nothing.
        _clock.Wait(2);
        AssertLoggedIn(await onSecond.LoginPayloadAsync(user.Username, user.Password));
        AssertInvalidCredentials(await onFirst.LoginPayloadAsync(user.Username, "wrong-password-4"));
        AssertInvalidCredentials(await onFirst.LoginPayloadAsync(user.Username, "wrong-password-5"));
    }
}
