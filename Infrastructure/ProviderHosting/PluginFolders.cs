using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.ProviderHosting;

/// <summary>
/// Loads provider plugins from the folders listed under <c>Providers:PluginPaths</c>. In each folder, every file named
/// <c>*.Plugin.dll</c> directly inside it or in one of its sub-folders (one per plugin, as <c>dotnet publish</c> lays
/// them out) is loaded in a load context of its own, so plugins may bring their own dependencies. The seam and
/// the framework types a plugin talks to the Host through come from the Host, or a plugin's types would not be the
/// Host's. A listed folder that is missing or holds no plugin, and a plugin that fails to load, refuse start-up.
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

    /// <summary>The configured folders, relative ones taken from the content root.</summary>
    public static IReadOnlyList<string> Configured(IConfiguration configuration, string contentRoot) =>
        [.. configuration.GetSection(ConfigurationKey).GetChildren()
            .Select(c => c.Value)
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .Select(v => Path.GetFullPath(v!, contentRoot))];

    public static IEnumerable<string> FindPlugins(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"{ConfigurationKey}: the plugin folder '{folder}' does not exist.");
        }

        var files = Directory.EnumerateFiles(folder, "*" + FileSuffix)
            .Concat(Directory.EnumerateDirectories(folder).SelectMany(d => Directory.EnumerateFiles(d, "*" + FileSuffix)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException(
                $"{ConfigurationKey}: the plugin folder '{folder}' holds no *{FileSuffix}, neither directly nor in a sub-folder.");
        }

        return files;
    }

    public static Assembly Load(string path)
    {
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
            throw new InvalidOperationException($"{ConfigurationKey}: could not load the plugin '{path}': {e.Message}", e);
        }
    }
}
