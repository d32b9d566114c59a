using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using ProductDescriber.Webhooks.Safety;
using ProductDescriber.Webhooks.Signing;

namespace ProductDescriber.Webhooks.Deliveries;

/// <summary>
/// Sends one signed POST: Standard Webhooks headers, a bounded time to answer (<see cref="WebhooksOptions.Timeout"/>),
/// connections only through <see cref="SafeConnector"/>, no proxy, and redirects never followed (a 3xx is a failed
/// attempt that names where it pointed). The response body is not read.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _client;
    private readonly IOptions<WebhooksOptions> _options;
    private readonly TimeProvider _time;

    public WebhookSender(SafeConnector connector, IOptions<WebhooksOptions> options, TimeProvider time)
    {
        _options = options;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectCallback = connector.ConnectAsync,
            ConnectTimeout = options.Value.Timeout,

            // Pooled connections are short-lived so a name's new address is used (and checked) soon.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("ProductDescriber-Webhooks", "1"));
    }

    public async Task<AttemptResult> SendAsync(string url, string messageId, string body, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.Sign(messageId, timestamp, bytes, secrets));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Value.Timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            string? error = status switch
            {
                >= 200 and < 300 => null,
                >= 300 and < 400 => $"HTTP {status}: a redirect (to {response.Headers.Location?.ToString() ?? "nowhere"}), not followed; register the final URL.",
                _ => $"HTTP {status}",
            };
            return new AttemptResult(status, watch.ElapsedMilliseconds, error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(null, watch.ElapsedMilliseconds, $"No answer within {_options.Value.Timeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException exception)
        {
            var refused = exception.InnerException as WebhookRefusedException ?? exception.InnerException?.InnerException as WebhookRefusedException;
            return new AttemptResult(null, watch.ElapsedMilliseconds, refused is not null ? "Refused: " + refused.Message : "Connection failed: " + exception.Message);
        }
    }

    public void Dispose() => _client.Dispose();
}

internal sealed record AttemptResult(int? StatusCode, long LatencyMs, string? Error)
{
    public bool Succeeded => Error is null;
}
