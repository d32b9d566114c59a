using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.ProviderHosting;

/// <summary>
/// The promise of docs/adr/0040-provider-seam-compatibility.md, checked before a plugin is loaded: a plugin built
/// against seam N.m runs on a Host whose seam is N.m' with m' &gt;= m. Another major, or a newer minor (the plugin
/// may use members this Host lacks), is refused with a message saying which to rebuild or upgrade, instead of a
/// MissingMethodException at the first call. Compiled into the contract kit too (one source).
/// </summary>
internal static class SeamCompatibility
{
    public static Version HostSeam => typeof(IAiProvider).Assembly.GetName().Version!;

    /// <summary>
    /// The seam version <paramref name="pluginFile"/> was compiled against; null when it does not reference the seam
    /// or is no .NET assembly (loading it then says why).
    /// </summary>
    public static Version? BuiltAgainstOrNull(string pluginFile)
    {
        try
        {
            return BuiltAgainst(pluginFile);
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    private static Version? BuiltAgainst(string pluginFile)
    {
        using var stream = File.OpenRead(pluginFile);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            return null;
        }

        var metadata = pe.GetMetadataReader();
        var seam = typeof(IAiProvider).Assembly.GetName().Name;
        return metadata.AssemblyReferences
            .Select(metadata.GetAssemblyReference)
            .Where(r => metadata.GetString(r.Name) == seam)
            .Select(r => r.Version)
            .FirstOrDefault();
    }

    /// <summary>Why a plugin built against <paramref name="plugin"/> cannot run on a Host with <paramref name="host"/>, or null when it can.</summary>
    public static string? Problem(Version plugin, Version host)
    {
        if (plugin.Major != host.Major)
        {
            return plugin.Major > host.Major
                ? $"it was built against the provider seam {plugin.Major}.{plugin.Minor}, newer than this Host's {host.Major}.{host.Minor}: upgrade the Host, or build the plugin against ProductDescriber.Providers.Abstractions {host.Major}.x"
                : $"it was built against the provider seam {plugin.Major}.{plugin.Minor}, and this Host's is {host.Major}.{host.Minor}, a breaking change: rebuild the plugin against ProductDescriber.Providers.Abstractions {host.Major}.x";
        }

        return plugin.Minor > host.Minor
            ? $"it was built against the provider seam {plugin.Major}.{plugin.Minor}, newer than this Host's {host.Major}.{host.Minor}: upgrade the Host, or build the plugin against ProductDescriber.Providers.Abstractions {host.Major}.{host.Minor}"
            : null;
    }
}
