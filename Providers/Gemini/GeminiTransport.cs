using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Gemini;

/// <summary>
/// Sends one generateContent call through the provider's HttpClient, whose shared policy
/// (<see cref="AiProviderResilience"/>) limits, retries and times it. The key travels only in the
/// <c>x-goog-api-key</c> header.
/// </summary>
internal sealed class GeminiTransport(Func<HttpClient> clients, GeminiOptions options, TimeProvider time)
{
    /// <summary>Marks a request that makes a picture, so the policy gives it the image attempt timeout.</summary>
    private static readonly HttpRequestOptionsKey<bool> ImageCall = new("ProductDescriber.Providers.Gemini.ImageCall");

    public static bool IsImageCall(HttpRequestMessage request) => request.Options.TryGetValue(ImageCall, out var image) && image;

    public async Task<JsonDocument> GenerateContentAsync(string model, JsonObject body, bool imageCall, CancellationToken cancellationToken)
    {
        if (!options.IsConfigured)
        {
            throw GeminiErrors.Create(AiErrorKind.Authentication, "no API key is configured (Providers:Gemini:ApiKey or GEMINI_API_KEY)");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"models/{Uri.EscapeDataString(model)}:generateContent");
        request.Options.Set(ImageCall, imageCall);
        request.Headers.Add("x-goog-api-key", options.ApiKey);
        request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await clients().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var headerWait = AiRetryRules.RetryAfter(response.Headers.RetryAfter, time.GetUtcNow());
                throw GeminiErrors.FromHttp((int)response.StatusCode, bytes, headerWait, options.ApiKey);
            }

            return Parse(bytes, (int)response.StatusCode);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && AiProviderResilience.TimeoutOf(e) is { } limit)
        {
            throw GeminiErrors.Create(AiErrorKind.Timeout, $"no answer within {limit.TotalSeconds:0.###} s", inner: e);
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw GeminiErrors.Create(
                AiErrorKind.Unavailable, "the connection failed", (int?)e.StatusCode,
                detail: GeminiErrors.Redact(e.Message, options.ApiKey), inner: e);
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
}
