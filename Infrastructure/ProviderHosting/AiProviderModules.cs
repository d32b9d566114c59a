using System.Reflection;
using Microsoft.Extensions.DependencyModel;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.ProviderHosting;

/// <summary>A provider module, where it came from and, for a plugin, the setting that listed its folder (for error messages).</summary>
internal sealed record FoundModule(IAiProviderModule Module, string Source, string? Setting = null);

/// <summary>
/// Finds every <see cref="IAiProviderModule"/>: in the ProductDescriber assemblies the Host is built with (its
/// project references, read from its dependency manifest, because the compiler drops references to assemblies
/// whose types the Host never names) and in the plugins of <see cref="PluginFolders"/>.
/// </summary>
internal static class AiProviderModules
{
    private const string Prefix = "ProductDescriber.";

    public static IReadOnlyList<FoundModule> Find(Assembly host, IConfiguration configuration, string contentRoot)
    {
        var found = new List<FoundModule>();
        foreach (var assembly in HostAssemblies(host))
        {
            found.AddRange(Instantiate(assembly, assembly.GetName().Name!));
        }

        foreach (var folder in PluginFolders.Configured(configuration, contentRoot))
        {
            foreach (var path in PluginFolders.FindPlugins(folder))
            {
                var assembly = PluginFolders.Load(path, folder.Setting);
                try
                {
                    found.AddRange(Instantiate(assembly, path).Select(m => m with { Setting = folder.Setting }));
                }
                catch (Exception e) when (e is not InvalidOperationException)
                {
                    throw new ProviderConfigurationException($"{folder.Setting}: could not read the plugin '{path}': {e.Message}", e, folder.Setting);
                }
            }
        }

        // Names that differ only in case or in '-', '_', '.' would share one configuration section (ProviderSettings).
        for (var i = 0; i < found.Count; i++)
        {
            if (found.Skip(i + 1).FirstOrDefault(m => ProviderSettings.SameName(m.Module.Name, found[i].Module.Name)) is { } twin)
            {
                FoundModule[] both = [found[i], twin];
                throw new ProviderConfigurationException(
                    $"Two AI provider modules are named '{found[i].Module.Name}': {string.Join(" and ", both.Select(m => m.Setting is null ? m.Source : $"{m.Source} (from {m.Setting})"))}.",
                    [.. both.Select(m => m.Setting).OfType<string>().Distinct(StringComparer.Ordinal)]);
            }
        }

        return found;
    }

    private static IEnumerable<FoundModule> Instantiate(Assembly assembly, string source)
    {
        var scanned = new ServiceCollection();
        scanned.Scan(scan => scan.FromAssemblies(assembly)
            .AddClasses(c => c.AssignableTo<IAiProviderModule>().Where(t => !t.IsAbstract && !t.IsGenericTypeDefinition), publicOnly: false)
            .As<IAiProviderModule>());
        foreach (var type in scanned.Select(d => d.ImplementationType!).Distinct())
        {
            var module = Activator.CreateInstance(type, nonPublic: true) as IAiProviderModule
                ?? throw new InvalidOperationException($"{type.FullName} in {source} could not be created.");
            yield return new FoundModule(module, source);
        }
    }

    private static IEnumerable<Assembly> HostAssemblies(Assembly host)
    {
        var names = DependencyContext.Load(host) is { } own
            ? own.RuntimeLibraries.Where(l => l.Type == "project").Select(l => l.Name)
            : ReferencedNames(host);
        return names
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n != host.GetName().Name)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .Select(n => Assembly.Load(new AssemblyName(n)));
    }

    /// <summary>Without a manifest (unusual hosting), the assemblies the Host's code actually names.</summary>
    private static IEnumerable<string> ReferencedNames(Assembly host)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<Assembly>([host]);
        while (pending.Count > 0)
        {
            foreach (var name in pending.Pop().GetReferencedAssemblies().Select(r => r.Name!).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
            {
                if (seen.Add(name))
                {
                    pending.Push(Assembly.Load(name));
                }
            }
        }

        return seen;
    }
}
