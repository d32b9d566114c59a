using ProductDescriber.Identity.Tests.Support;
using ProductDescriber.TestSupport;
using static ProductDescriber.Identity.Tests.Support.LoginOutcomes;

namespace ProductDescriber.Identity.Tests;

/// <summary>
/// Which address the throttle counts: the TCP peer, unless the operator says a proxy's X-Forwarded-For is to be
/// believed. A header anyone can send must not let a guesser look like a new address on every request.
/// </summary>
public sealed class ClientAddressTests
{
    private static readonly Dictionary<string, string?> FewFreeFailures = new()
    {
        ["Identity:LoginThrottle:Pair:FreeFailures"] = "3",
    };

    [Fact]
    public async Task X_Forwarded_For_is_ignored_by_default()
    {
        await using var host = await ThrottleHosts.StartAsync("xff-ignored", ThrottleHosts.NewClock(), FewFreeFailures);
        var user = await host.CreateUserAsync();
        using var client = host.CreateGraphQLClient(ClientAddresses.Fresh());

        for (var i = 0; i < 3; i++)
        {
            ForwardedFor(client, $"203.0.113.{i + 1}");
            AssertInvalidCredentials(await client.LoginPayloadAsync(user.Username, "wrong-password-" + i));
        }

        ForwardedFor(client, "203.0.113.99");
        AssertTooManyAttempts(await client.LoginPayloadAsync(user.Username, user.Password));
    }

    [Fact]
    public async Task Behind_a_proxy_the_operator_can_have_X_Forwarded_For_believed()
    {
        // ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, as the README says for a Host reachable only through its proxy.
        var settings = new Dictionary<string, string?>(FewFreeFailures) { ["FORWARDEDHEADERS_ENABLED"] = "true" };
        await using var host = await ThrottleHosts.StartAsync("xff-trusted", ThrottleHosts.NewClock(), settings);
        var user = await host.CreateUserAsync();
        using var proxy = host.CreateGraphQLClient(ClientAddresses.Fresh());

        ForwardedFor(proxy, "203.0.113.7");
        for (var i = 0; i < 3; i++)
        {
            AssertInvalidCredentials(await proxy.LoginPayloadAsync(user.Username, "wrong-password-" + i));
        }

        AssertTooManyAttempts(await proxy.LoginPayloadAsync(user.Username, user.Password));

        // Another client behind the same proxy is another address.
        ForwardedFor(proxy, "198.51.100.20");
        AssertLoggedIn(await proxy.LoginPayloadAsync(user.Username, user.Password));
    }

    private static void ForwardedFor(GraphQLClient client, string address)
    {
        client.Http.DefaultRequestHeaders.Remove("X-Forwarded-For");
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
    }
}
