using System.Net;
using System.Net.Sockets;

namespace ProductDescriber.Webhooks.Safety;

/// <summary>
/// Addresses a webhook may never reach (request forgery): loopback, unspecified, private (RFC 1918, unique local),
/// carrier-grade NAT, link-local (which holds cloud metadata, 169.254.169.254), multicast, broadcast, reserved and
/// benchmarking ranges. IPv4 written as IPv6 (<c>::ffff:10.0.0.1</c>) is judged as the IPv4 it is.
/// </summary>
internal static class AddressPolicy
{
    private static readonly (IPAddress Network, int Bits)[] Forbidden =
    [
        (IPAddress.Parse("0.0.0.0"), 8),
        (IPAddress.Parse("10.0.0.0"), 8),
        (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8),
        (IPAddress.Parse("169.254.0.0"), 16),
        (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.0.0.0"), 24),
        (IPAddress.Parse("192.168.0.0"), 16),
        (IPAddress.Parse("198.18.0.0"), 15),
        (IPAddress.Parse("224.0.0.0"), 4),
        (IPAddress.Parse("240.0.0.0"), 4),
        (IPAddress.Parse("::"), 128),
        (IPAddress.Parse("::1"), 128),
        (IPAddress.Parse("64:ff9b::"), 96),
        (IPAddress.Parse("fc00::"), 7),
        (IPAddress.Parse("fe80::"), 10),
        (IPAddress.Parse("ff00::"), 8),
    ];

    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return Forbidden.Any(range => InRange(address, range.Network, range.Bits));
    }

    private static bool InRange(IPAddress address, IPAddress network, int bits)
    {
        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var whole = bits / 8;
        if (!a.AsSpan(0, whole).SequenceEqual(n.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = bits % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (n[whole] & mask);
    }

    public static bool IsIp(string host, out IPAddress address) =>
        IPAddress.TryParse(host.Trim('[', ']'), out address!) && address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
}
