using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ProductDescriber.Providers.Abstractions;

/// <summary>
/// A provider plugin's entry point, found by scanning the Host's own assemblies and the plugin folders listed under
/// <c>Providers:PluginPaths</c>. It needs a public parameterless constructor.
/// </summary>
public interface IAiProviderModule
{
    /// <summary>The provider's name (its configuration lives under <c>Providers:&lt;Name&gt;</c>).</summary>
    string Name { get; }

    /// <summary>Registers the provider's <see cref="IAiProvider"/> (and whatever it needs) in the Host's services.</summary>
    void Register(IServiceCollection services, IConfiguration configuration);
}
