using System.Collections.Concurrent;
using System.Net;
using ProductDescriber.Webhooks.Safety;

namespace ProductDescriber.Webhooks.Tests.Support;

/// <summary>
/// Names the test points where it likes (a name that was public at registration resolves to 127.0.0.1 at delivery);
/// any other name goes to the system resolver.
/// </summary>
internal sealed class SwitchableDns : IWebhookDns
{
    private readonly ConcurrentDictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly SystemWebhookDns _system = new();

    public void Point(string host, params IPAddress[] addresses) => _names[host] = addresses;

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        _names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : _system.ResolveAsync(host, cancellationToken);
}
