using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        var options = AiProviderOptions.Load<GeminiOptions>(configuration, GeminiOptions.SectionName, GeminiOptions.ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            options.ApiKey = Environment.GetEnvironmentVariable(GeminiOptions.ApiKeyVariable);
        }

        options.Validate(GeminiOptions.SectionName, AiCapabilities.Vision | AiCapabilities.ImageGeneration);
        var resilience = options.ResilienceOptions(ProviderName, GeminiTransport.IsImageCall);
        resilience.ReadFailure = (status, body, retryAfter) => GeminiErrors.FromHttp(status, body, retryAfter, options.ApiKey);
        services.AddHttpClient(HttpClientName, client =>
            {
                client.BaseAddress = options.BaseUri;

                // The policy owns timeouts, per attempt and per call; the client's would cut retries short.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(30),
            })
            .AddAiProviderResilience(resilience);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAiProvider>(sp => new GeminiProvider(
            options, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

/// <summary>The plugin entry point the Host finds by scanning.</summary>
public sealed class GeminiProviderModule : IAiProviderModule
{
    public string Name => GeminiServiceCollectionExtensions.ProviderName;

    public void Register(IServiceCollection services, IConfiguration configuration) =>
        services.AddGeminiProvider(configuration);
}
