using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Offline;

/// <summary>Entry point found by the provider scan: registers the Offline provider.</summary>
public sealed class OfflineProviderModule : IAiProviderModule
{
    public string Name => OfflineProvider.ProviderName;

    public void Register(IServiceCollection services, IConfiguration configuration) =>
        services.AddOfflineProvider(configuration);
}

public static class OfflineServiceCollectionExtensions
{
    /// <summary>Registers the Offline provider as a singleton <see cref="IAiProvider"/>. It needs no configuration;
    /// a <see cref="TimeProvider"/> registered earlier (e.g. a fake in tests) dates the analysis.</summary>
    public static IServiceCollection AddOfflineProvider(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAiProvider>(sp => new OfflineProvider(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
