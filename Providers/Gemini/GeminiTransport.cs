using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Gemini;

/// <summary>
/// Sends one generateContent call: per-attempt timeout, retries on 429/5xx honouring the server's wait, and a
/// process-wide limit on calls in flight. The key travels only in the <c>x-goog-api-key</c> header.
/// </summary>
internal sealed partial class GeminiTransport(
    Func<HttpClient> clients, GeminiOptions options, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim gate = new(Math.Max(1, options.MaxConcurrency));

    public async Task<JsonDocument> GenerateContentAsync(
        string model, JsonObject body, TimeSpan attemptTimeout, CancellationToken cancellationToken)
    {
        if (!options.IsConfigured)
        {
            throw GeminiErrors.Create(AiErrorKind.Authentication, "no API key is configured (Providers:Gemini:ApiKey or GEMINI_API_KEY)");
        }

        var payload = JsonSerializer.SerializeToUtf8Bytes(body);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(model, payload, attemptTimeout, cancellationToken);
            }
            catch (AiProviderException error) when (ShouldRetry(error, attempt, out var wait))
            {
                LogRetry(logger, error.HttpStatus, error.ProviderCode, attempt + 1, options.MaxRetries, wait);
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    public void Dispose() => gate.Dispose();

    private bool ShouldRetry(AiProviderException error, int attempt, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        // Timeouts are not retried here: the attempt may have been billed, and the job layer owns counts.
        if (error.Kind is not (AiErrorKind.RateLimited or AiErrorKind.Unavailable) || attempt >= options.MaxRetries)
        {
            return false;
        }

        if (error.RetryAfter is { } serverWait)
        {
            wait = serverWait;
            return serverWait <= TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
        }

        var backoff = options.RetryBaseDelaySeconds * Math.Pow(2, attempt);
        wait = TimeSpan.FromSeconds(backoff * (0.75 + (Random.Shared.NextDouble() * 0.5)));
        return true;
    }

    private async Task<JsonDocument> SendOnceAsync(
        string model, byte[] payload, TimeSpan attemptTimeout, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            using var attemptTimer = new CancellationTokenSource(attemptTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimer.Token);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"models/{Uri.EscapeDataString(model)}:generateContent");
            request.Headers.Add("x-goog-api-key", options.ApiKey);
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            try
            {
                using var response = await clients().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                var bytes = await response.Content.ReadAsByteArrayAsync(linked.Token);
                if (!response.IsSuccessStatusCode)
                {
                    var headerWait = GeminiErrors.HeaderWait(response.Headers.RetryAfter, time.GetUtcNow());
                    throw GeminiErrors.FromHttp((int)response.StatusCode, bytes, headerWait, options.ApiKey);
                }

                return Parse(bytes, (int)response.StatusCode);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && attemptTimer.IsCancellationRequested)
            {
                throw GeminiErrors.Create(
                    AiErrorKind.Timeout, $"no answer within {attemptTimeout.TotalSeconds:0.###} s", inner: e);
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw GeminiErrors.Create(
                    AiErrorKind.Unavailable, "the connection failed", (int?)e.StatusCode,
                    detail: GeminiErrors.Redact(e.Message, options.ApiKey), inner: e);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private JsonDocument Parse(byte[] bytes, int status)
    {
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw GeminiErrors.Create(
                AiErrorKind.MalformedResponse, "the reply was not valid JSON", status,
                detail: GeminiErrors.Redact(System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 512)), options.ApiKey),
                inner: e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gemini answered {Status} {Code}; retry {Attempt} of {MaxRetries} in {Wait}")]
    private static partial void LogRetry(ILogger logger, int? status, string? code, int attempt, int maxRetries, TimeSpan wait);
}
