using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Samples.EchoProvider;

/// <summary>The plugin's entry point, found by the Host's scan; its settings are <see cref="EchoOptions"/>.</summary>
public sealed class EchoProviderModule : IAiProviderModule
{
    public string Name => EchoProvider.ProviderName;

    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        var options = AiProviderOptions.Load<EchoOptions>(configuration, EchoOptions.SectionName);
        services.AddSingleton<IAiProvider>(new EchoProvider(options.ApiKey, options.Priority, TimeProvider.System));
    }
}
