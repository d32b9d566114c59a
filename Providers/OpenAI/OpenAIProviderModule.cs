using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.OpenAI;

/// <summary>Found by the Host's provider scan; <see cref="OpenAIServiceCollectionExtensions.AddOpenAIProvider"/>
/// does the work.</summary>
public sealed class OpenAIProviderModule : IAiProviderModule
{
    public string Name => "openai";

    public void Register(IServiceCollection services, IConfiguration configuration) =>
        services.AddOpenAIProvider(configuration);
}

public static class OpenAIServiceCollectionExtensions
{
    /// <summary>Registers the OpenAI <see cref="IAiProvider"/> from <c>Providers:OpenAI</c> (key also from
    /// <c>OPENAI_API_KEY</c>). Without a key it is still listed, as not configured.</summary>
    public static IServiceCollection AddOpenAIProvider(this IServiceCollection services, IConfiguration configuration)
    {
        // Both the scan and an explicit call may run; one provider is enough.
        if (services.Any(s => s.ServiceType == typeof(OpenAIOptions)))
        {
            return services;
        }

        var options = AiProviderOptions.Load<OpenAIOptions>(configuration, OpenAIOptions.SectionName, OpenAIOptions.ApiKeyVariable);
        options.Validate(OpenAIOptions.SectionName, AiCapabilities.Vision | AiCapabilities.ImageGeneration);
        services.AddSingleton(options);
        OpenAIHttp.Add(services, options);
        services.AddSingleton<IAiProvider, OpenAIProvider>();
        return services;
    }
}
