using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ProductDescriber.Identity.Login;

/// <summary>What a throttle counter counts failures of.</summary>
internal enum ThrottleScope
{
    /// <summary>One username from one client address.</summary>
    Pair,

    /// <summary>One client address, all usernames together.</summary>
    Address,
}

/// <summary>What the throttle calls a client's address.</summary>
internal static class ThrottleAddress
{
    /// <summary>Stands for clients whose address the server cannot see (a Unix socket): they share one.</summary>
    public const string Unknown = "unknown";

    /// <summary>
    /// IPv4 as is (also when mapped into IPv6); IPv6 as its /64 network, since one subscriber usually holds a whole
    /// /64 and could otherwise take a fresh address, with fresh counters, for every guess.
    /// </summary>
    public static string Of(string? address)
    {
        if (address is null || !IPAddress.TryParse(address, out var ip))
        {
            return address ?? Unknown;
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            return ip.MapToIPv4().ToString();
        }

        if (ip.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return ip.ToString();
        }

        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}

/// <summary>
/// The counters one login attempt touches, keyed by a hash: an attacker's usernames can be any length, and the
/// table then holds no usernames or addresses (the security log does).
/// </summary>
internal sealed record ThrottleSubject(string Username, string Address)
{
    public static readonly ThrottleScope[] Scopes = [ThrottleScope.Pair, ThrottleScope.Address];

    /// <summary>The database names of <see cref="Scopes"/>, in the same order.</summary>
    public static readonly string[] ScopeNames = [.. Scopes.Select(Name)];

    /// <summary>Pair first, then address: every statement locks rows in this order, so two attempts never deadlock.</summary>
    public byte[][] Keys { get; } =
    [
        Hash($"pair\n{Address}\n{Username}"),
        Hash($"address\n{Address}"),
    ];

    public static string Name(ThrottleScope scope) => scope == ThrottleScope.Pair ? "pair" : "address";

    public static ThrottleScope Parse(string name) => name == "pair" ? ThrottleScope.Pair : ThrottleScope.Address;

    /// <summary>The username as the log may show it: attacker-typed, so bounded and without line breaks.</summary>
    public string UsernameForLog => Username.Length <= 64 && !Username.Any(char.IsControl)
        ? Username
        : new string([.. Username.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
