using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.ProviderHosting;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.ContractKit;

/// <summary>What the Host made of a plugin folder: the modules it found and the providers they registered.</summary>
public sealed record LoadedPlugins(IReadOnlyList<IAiProviderModule> Modules, IReadOnlyList<IAiProvider> Providers) : IDisposable
{
    internal ServiceProvider? Services { get; init; }

    public void Dispose() => Services?.Dispose();
}

/// <summary>
/// Loads a published plugin folder as the Host does at start-up, without a Host: the Host's own loader (its load
/// context, shared types and seam version check are compiled into the kit from the Host's source), then each module
/// registers into a fresh service collection with the given settings. No database, no process, nothing written.
/// </summary>
public static class HostLoading
{
    /// <summary>
    /// Loads every <c>*.Plugin.dll</c> in <paramref name="folder"/> (or one level below, as the Host does for a
    /// folder listed under <c>Providers:PluginPaths</c>). Throws the Host's own message when it would refuse to start.
    /// </summary>
    public static LoadedPlugins Load(string folder, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        const string setting = PluginFolders.ConfigurationKey + ":0";
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .AddInMemoryCollection([new(setting, Path.GetFullPath(folder))])
            .Build();
        var modules = new List<IAiProviderModule>();
        foreach (var listed in PluginFolders.Configured(configuration, Directory.GetCurrentDirectory()))
        {
            foreach (var path in PluginFolders.FindPlugins(listed))
            {
                var assembly = PluginFolders.Load(path, listed.Setting);
                modules.AddRange(assembly.GetTypes()
                    .Where(t => typeof(IAiProviderModule).IsAssignableFrom(t) && t is { IsAbstract: false, IsGenericTypeDefinition: false })
                    .Select(t => (IAiProviderModule)Activator.CreateInstance(t, nonPublic: true)!));
            }
        }

        var services = new ServiceCollection();
        foreach (var module in modules)
        {
            module.Register(services, configuration);
        }

        var provider = services.BuildServiceProvider();
        return new LoadedPlugins(modules, [.. provider.GetServices<IAiProvider>()]) { Services = provider };
    }
}
