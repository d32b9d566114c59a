using ProductDescriber.Identity.Login;

namespace ProductDescriber.Identity.Tests;

/// <summary>The address the throttle counts for a client: an IPv6 subscriber's whole /64 is one address.</summary>
public sealed class ThrottleAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [InlineData("::1", "::/64")]
    [InlineData(null, "unknown")]
    public void Clients_are_counted_by_IPv4_address_or_IPv6_64_network(string? remote, string counted) =>
        Assert.Equal(counted, ThrottleAddress.Of(remote));
}
