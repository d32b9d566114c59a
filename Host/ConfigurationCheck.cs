using Microsoft.Extensions.Options;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Host;

/// <summary>
/// Checks the settings before any hosted service starts: the options validated on start and the provider registry
/// (duplicate names, defaults). The Host would check them too, but from inside its start-up, which logs the failure
/// with a stack trace before Program can report it as one line (<see cref="StartupRefusal"/>).
/// </summary>
internal static class ConfigurationCheck
{
    public static void Run(IServiceProvider services)
    {
        services.GetService<IStartupValidator>()?.Validate();
        services.GetRequiredService<IAiProviderRegistry>();
    }
}
