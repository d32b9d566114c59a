using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace ProductDescriber.Webhooks.Safety;

/// <summary>
/// Whether a URL may receive webhooks: absolute http(s) (https only when <see cref="WebhooksOptions.RequireHttps"/>),
/// no user info, and every address its host resolves to allowed by <see cref="AddressPolicy"/>, unless the host is
/// listed in <see cref="WebhooksOptions.AllowedHosts"/>. Checked at registration; the addresses are checked again at
/// each connection (<see cref="SafeConnector"/>), since a name may resolve elsewhere later.
/// </summary>
internal sealed class UrlPolicy(IWebhookDns dns, IOptions<WebhooksOptions> options)
{
    public const int MaxUrlLength = 2000;

    /// <summary>Null when allowed, else why not, in words for the caller.</summary>
    public async Task<string?> RefusalAsync(string url, CancellationToken cancellationToken)
    {
        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"The URL must be absolute and at most {MaxUrlLength} characters.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && (uri.Scheme != Uri.UriSchemeHttp || options.Value.RequireHttps == true))
        {
            return options.Value.RequireHttps == true ? "The URL must use https." : "The URL must use http or https.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "The URL must not carry a user name or password.";
        }

        if (IsAllowedHost(uri.IdnHost, uri.Port))
        {
            return null;
        }

        IPAddress[] addresses;
        if (AddressPolicy.IsIp(uri.IdnHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await dns.ResolveAsync(uri.IdnHost, cancellationToken);
            }
            catch (SocketException)
            {
                return $"The host {uri.IdnHost} does not resolve.";
            }
        }

        if (addresses.Length == 0)
        {
            return $"The host {uri.IdnHost} does not resolve.";
        }

        return addresses.FirstOrDefault(AddressPolicy.IsForbidden) is { } forbidden
            ? $"The host {uri.IdnHost} resolves to {forbidden}, a loopback, private, link-local or otherwise internal address; webhooks may not be sent there."
            : null;
    }

    /// <summary>Listed in AllowedHosts as the bare host or as host:port.</summary>
    public bool IsAllowedHost(string host, int port)
    {
        var bare = host.Trim('[', ']');
        return options.Value.AllowedHosts.Any(allowed =>
            string.Equals(allowed, bare, StringComparison.OrdinalIgnoreCase)
            || string.Equals(allowed, $"{bare}:{port}", StringComparison.OrdinalIgnoreCase)
            || string.Equals(allowed, $"[{bare}]:{port}", StringComparison.OrdinalIgnoreCase));
    }
}
