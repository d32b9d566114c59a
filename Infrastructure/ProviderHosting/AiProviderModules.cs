using System.Reflection;
using Microsoft.Extensions.DependencyModel;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.ProviderHosting;

/// <summary>A provider module and where it came from (for error messages).</summary>
internal sealed record FoundModule(IAiProviderModule Module, string Source);

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

        foreach (var path in PluginFolders.Configured(configuration, contentRoot).SelectMany(PluginFolders.FindPlugins))
        {
            var assembly = PluginFolders.Load(path);
            try
            {
                found.AddRange(Instantiate(assembly, path));
            }
            catch (Exception e) when (e is not InvalidOperationException)
            {
                throw new InvalidOperationException($"{PluginFolders.ConfigurationKey}: could not read the plugin '{path}': {e.Message}", e);
            }
        }

        var duplicate = found.GroupBy(m => m.Module.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Two AI provider modules are named '{duplicate.Key}': {string.Join(" and ", duplicate.Select(m => m.Source))}.");
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
