using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Samples.EchoProvider;

/// <summary>
/// The plugin's entry point, found by the Host's scan. Settings live under <c>Providers:Echo</c>: <c>ApiKey</c>
/// (stands in for a real provider's key: echo sends it nowhere, but without it the provider is listed as not
/// configured, as a remote one would be) and <c>Priority</c>.
/// </summary>
public sealed class EchoProviderModule : IAiProviderModule
{
    public string Name => EchoProvider.ProviderName;

    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Providers:Echo");
        var priority = int.TryParse(section["Priority"], out var value) ? value : 0;
        services.AddSingleton<IAiProvider>(new EchoProvider(section["ApiKey"], priority, TimeProvider.System));
    }
}
