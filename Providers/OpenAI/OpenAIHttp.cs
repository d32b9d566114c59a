using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.OpenAI;

/// <summary>
/// The one HttpClient every OpenAI call goes through, with the providers' shared resilience policy: one concurrency
/// limit for vision and images, retries of what OpenAI's error mapping calls transient, attempt timeouts by kind of
/// call. The SDK's own retries are off because SK is handed this client, so there is exactly one retry layer.
/// </summary>
internal static class OpenAIHttp
{
    public const string ClientName = "ProductDescriber.Providers.OpenAI";

    public static void Add(IServiceCollection services, OpenAIOptions options)
    {
        var resilience = options.ResilienceOptions(OpenAIErrors.Provider, IsImagesCall);

        // Two kinds of 429, rate limits and an empty account, differ only in the body: the mapping reads it.
        resilience.ReadFailure = (status, body, retryAfter) =>
            OpenAIErrors.FromHttp(status, System.Text.Encoding.UTF8.GetString(body), retryAfter, options.ApiKey);
        services.AddHttpClient(ClientName, client =>
            {
                client.BaseAddress = options.BaseUri;

                // The policy owns timeouts; HttpClient's 100 s default would cut image calls short.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddAiProviderResilience(resilience);
    }

    private static bool IsImagesCall(HttpRequestMessage request) =>
        request.RequestUri is { } uri && uri.AbsolutePath.Contains("/images/", StringComparison.Ordinal);
}
