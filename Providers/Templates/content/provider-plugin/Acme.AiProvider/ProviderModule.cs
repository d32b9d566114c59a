using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Providers.Abstractions;

namespace Acme.AiProvider;

/// <summary>The plugin's entry point: the Host finds it by scanning the plugin and calls Register once at start-up.</summary>
public sealed class ProviderModule : IAiProviderModule
{
    public const string ProviderName = "acme";

    public string Name => ProviderName;

    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        // Providers:acme in JSON, Providers__PROVIDER_VARIABLE_NAME__ApiKey in the environment (names compare ignoring case, '-' = '_' = '.').
        var options = AiProviderOptions.Load<ProviderOptions>(configuration, ProviderOptions.SectionName);

        // A setting that cannot work refuses start-up with one line naming it, as the user wrote it.
        options.Validate(ProviderOptions.SectionName, AiCapabilities.Vision);

        // Registered even without a key: it is then listed as not configured and refused when chosen.
        services.AddSingleton<IAiProvider>(new Provider(options));
    }
}
