using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Gemini;

public static class GeminiServiceCollectionExtensions
{
    public const string ProviderName = "gemini";

    internal const string HttpClientName = "ProductDescriber.Providers.Gemini";

    /// <summary>
    /// Registers the Gemini <see cref="IAiProvider"/> from <c>Providers:Gemini</c> in <paramref name="configuration"/>
    /// (the root configuration). Without a key it is still listed, as not configured.
    /// </summary>
    public static IServiceCollection AddGeminiProvider(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new GeminiOptions();
        configuration.GetSection(GeminiOptions.SectionName).Bind(options);
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            options.ApiKey = configuration["GEMINI_API_KEY"] ?? Environment.GetEnvironmentVariable("GEMINI_API_KEY");
        }

        var baseUrl = Validate(options);
        services.AddHttpClient(HttpClientName, client =>
            {
                client.BaseAddress = baseUrl;
                // Each attempt has its own timeout (GeminiTransport); the client's would cut retries short.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(30),
            });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAiProvider>(sp => new GeminiProvider(
            options,
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<GeminiProvider>>()));
        return services;
    }

    private static Uri Validate(GeminiOptions options)
    {
        var url = options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{GeminiOptions.SectionName}:BaseUrl must be an absolute http(s) URL.");
        }

        Require(options.VisionTimeoutSeconds > 0 && options.ImageTimeoutSeconds > 0 && options.TimeoutSeconds is null or > 0, "the timeouts must be positive");
        Require(options.MaxRetries >= 0, "MaxRetries must not be negative");
        Require(options.MaxConcurrency >= 1, "MaxConcurrency must be at least 1");
        Require(options.RetryBaseDelaySeconds >= 0 && options.MaxRetryAfterSeconds >= 0, "retry waits must not be negative");
        Require(!string.IsNullOrWhiteSpace(options.VisionModel) && !string.IsNullOrWhiteSpace(options.ImageModel), "VisionModel and ImageModel are required");
        return baseUrl;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{GeminiOptions.SectionName}: {message}.");
        }
    }
}

/// <summary>The plugin entry point the Host finds by scanning.</summary>
public sealed class GeminiProviderModule : IAiProviderModule
{
    public string Name => GeminiServiceCollectionExtensions.ProviderName;

    public void Register(IServiceCollection services, IConfiguration configuration) =>
        services.AddGeminiProvider(configuration);
}
