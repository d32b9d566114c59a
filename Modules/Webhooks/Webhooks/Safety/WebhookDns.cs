using System.Net;

namespace ProductDescriber.Webhooks.Safety;

/// <summary>
/// Name resolution for webhook URLs, a seam so tests can make a name change its address between registration and
/// delivery (the DNS-rebinding case) without a DNS server.
/// </summary>
internal interface IWebhookDns
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

internal sealed class SystemWebhookDns : IWebhookDns
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
