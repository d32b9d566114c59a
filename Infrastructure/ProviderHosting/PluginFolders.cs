using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.ProviderHosting;

/// <summary>
/// Loads provider plugins from the folders listed under <c>Providers:PluginPaths</c>. In each folder, every file named
/// <c>*.Plugin.dll</c> directly inside it or in one of its sub-folders (one per plugin, as <c>dotnet publish</c> lays
/// them out) is loaded in a load context of its own, so plugins may bring their own dependencies. The seam and
/// the framework types a plugin talks to the Host through come from the Host, or a plugin's types would not be the
/// Host's. A listed folder that is missing or holds no plugin, a plugin built against an incompatible seam
/// (<see cref="SeamCompatibility"/>) and a plugin that fails to load refuse start-up. The contract kit compiles
/// this file in, so its "loaded by a Host" check loads folders exactly as the Host does.
/// </summary>
internal static class PluginFolders
{
    public const string ConfigurationKey = "Providers:PluginPaths";
    public const string FileSuffix = ".Plugin.dll";

    private static readonly Type[] SharedTypes =
    [
        typeof(IAiProviderModule), typeof(IAiProvider), typeof(IServiceCollection), typeof(IConfiguration),
        typeof(IChatCompletionService), typeof(IChatClient), typeof(ILogger), typeof(IOptions<>), typeof(IHttpClientFactory),
    ];

    /// <summary>The configured folders with the key that lists each (<c>Providers:PluginPaths:0</c>), relative ones
    /// taken from the content root.</summary>
    public static IReadOnlyList<PluginFolder> Configured(IConfiguration configuration, string contentRoot) =>
        [.. configuration.GetSection(ConfigurationKey).GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .Select(c => new PluginFolder(c.Path, Path.GetFullPath(c.Value!, contentRoot)))];

    public static IEnumerable<string> FindPlugins(PluginFolder listed)
    {
        var (setting, folder) = listed;
        if (!Directory.Exists(folder))
        {
            throw new ProviderConfigurationException($"{setting}: the plugin folder '{folder}' does not exist.", setting);
        }

        var files = Directory.EnumerateFiles(folder, "*" + FileSuffix)
            .Concat(Directory.EnumerateDirectories(folder).SelectMany(d => Directory.EnumerateFiles(d, "*" + FileSuffix)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new ProviderConfigurationException(
                $"{setting}: the plugin folder '{folder}' holds no *{FileSuffix}, neither directly nor in a sub-folder.", setting);
        }

        return files;
    }

    public static Assembly Load(string path, string setting)
    {
        if (SeamCompatibility.BuiltAgainstOrNull(path) is { } seam && SeamCompatibility.Problem(seam, SeamCompatibility.HostSeam) is { } problem)
        {
            throw new ProviderConfigurationException($"{setting}: the plugin '{path}' cannot run on this Host: {problem} (docs/adr/0040-provider-seam-compatibility.md).", setting);
        }

        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(
                path,
                isUnloadable: false,
                sharedTypes: SharedTypes,
                configure: config => config.PreferSharedTypes = true);
            return loader.LoadDefaultAssembly();
        }
        catch (Exception e)
        {
            throw new ProviderConfigurationException($"{setting}: could not load the plugin '{path}': {e.Message}", e, setting);
        }
    }
}

/// <summary>A folder listed under <c>Providers:PluginPaths</c> and the key that lists it.</summary>
internal sealed record PluginFolder(string Setting, string Path);
