using System.Net;
using Microsoft.Extensions.Options;
using ProductDescriber.Webhooks.Safety;

namespace ProductDescriber.Webhooks.Tests;

/// <summary>The address ranges refused, and the https rule outside Development.</summary>
public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("192.168.0.10")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("224.0.0.1")]
    public void Internal_addresses_are_forbidden(string address) => Assert.True(AddressPolicy.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("203.0.113.10")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    public void Public_addresses_are_allowed(string address) => Assert.False(AddressPolicy.IsForbidden(IPAddress.Parse(address)));

    [Fact]
    public async Task With_https_required_an_http_URL_is_refused_and_an_https_one_to_a_public_address_is_not()
    {
        var dns = new Support.SwitchableDns();
        dns.Point("hooks.example.test", IPAddress.Parse("203.0.113.10"));
        var policy = new UrlPolicy(dns, Options.Create(new WebhooksOptions { RequireHttps = true }));

        Assert.Equal("The URL must use https.", await policy.RefusalAsync("http://hooks.example.test/x", CancellationToken.None));
        Assert.Null(await policy.RefusalAsync("https://hooks.example.test/x", CancellationToken.None));
        Assert.NotNull(await policy.RefusalAsync("https://user:pw@hooks.example.test/x", CancellationToken.None));
    }
}
