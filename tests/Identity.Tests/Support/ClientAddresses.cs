using System.Net;
using System.Net.Sockets;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Identity.Tests.Support;

/// <summary>
/// Clients that connect from a chosen loopback address (127.0.0.x), so the Host sees distinct client addresses
/// and the per-address login throttle can be proven without one test's failures locking out another's.
/// </summary>
internal static class ClientAddresses
{
    private static int _next = 10;

    /// <summary>A loopback address no other test in this run uses.</summary>
    public static IPAddress Fresh()
    {
        var n = Interlocked.Increment(ref _next);
        return IPAddress.Parse($"127.0.{n / 250}.{(n % 250) + 2}");
    }

    public static GraphQLClient CreateGraphQLClient(this TestHost host, IPAddress from, string? token = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new GraphQLClient(new HttpClient(handler) { BaseAddress = host.BaseAddress }, token);
    }
}
