using System.Net;
using System.Net.Sockets;

namespace ProductDescriber.Webhooks.Safety;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of webhook deliveries: resolves the host itself, refuses
/// before connecting when any address is forbidden (unless the host is allowed by setting), and checks the address
/// the socket actually connected to. So a name that resolved to a public address at registration and to 127.0.0.1
/// now is refused, and no connection is opened to it.
/// </summary>
internal sealed class SafeConnector(IWebhookDns dns, UrlPolicy policy)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var allowed = policy.IsAllowedHost(host, port);
        IPAddress[] addresses = AddressPolicy.IsIp(host, out var literal) ? [literal] : await dns.ResolveAsync(host, cancellationToken);
        if (!allowed && addresses.FirstOrDefault(AddressPolicy.IsForbidden) is { } forbidden)
        {
            throw new WebhookRefusedException($"{host} resolves to {forbidden}, an internal address; not connected.");
        }

        if (addresses.Length == 0)
        {
            throw new WebhookRefusedException($"{host} does not resolve.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken);
            if (!allowed && socket.RemoteEndPoint is IPEndPoint connected && AddressPolicy.IsForbidden(connected.Address))
            {
                throw new WebhookRefusedException($"{host} connected to {connected.Address}, an internal address; closed.");
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A delivery refused by the request-forgery rules; no request was sent.</summary>
internal sealed class WebhookRefusedException(string message) : Exception(message);
