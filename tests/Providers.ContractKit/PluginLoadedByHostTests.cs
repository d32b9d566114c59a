using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.ContractKit;

/// <summary>
/// The packaging check: the plugin as <c>dotnet publish</c> left it is loaded by the Host's own loader
/// (<see cref="HostLoading"/>) and registers the provider it should, and its folder carries no copy of what the Host
/// provides. Subclass it with the published folder; it needs no database and starts no Host.
/// </summary>
public abstract class PluginLoadedByHostTests
{
    /// <summary>Assemblies the Host provides: a copy in the plugin folder is dead weight at best.</summary>
    private static readonly string[] HostProvided =
    [
        "ProductDescriber.Providers.Abstractions.dll", "Microsoft.SemanticKernel.Abstractions.dll",
        "Microsoft.Extensions.AI.Abstractions.dll", "Microsoft.Extensions.DependencyInjection.Abstractions.dll",
        "Microsoft.Extensions.Configuration.Abstractions.dll", "Microsoft.Extensions.Http.Resilience.dll", "Polly.Core.dll",
    ];

    /// <summary>The folder <c>dotnet publish</c> wrote the plugin to.</summary>
    protected abstract string PublishedFolder { get; }

    /// <summary>The provider the plugin registers: its name and the capabilities it claims.</summary>
    protected abstract string ProviderName { get; }

    protected abstract AiCapabilities Capabilities { get; }

    /// <summary>Settings the module reads (<c>Providers:&lt;name&gt;:ApiKey</c>...), as the Host's configuration would hold them.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    [Fact]
    public void The_Host_loads_the_published_folder_and_lists_the_provider()
    {
        using var loaded = HostLoading.Load(PublishedFolder, Settings);

        var module = Assert.Single(loaded.Modules);
        Assert.True(ProviderSettings.SameName(ProviderName, module.Name), $"The module is named '{module.Name}', not '{ProviderName}'.");
        var provider = Assert.Single(loaded.Providers, p => p.Descriptor.Name == ProviderName);
        Assert.Equal(Capabilities, provider.Descriptor.Capabilities);
        Assert.NotSame(typeof(IAiProvider).Assembly, provider.GetType().Assembly);
    }

    [Fact]
    public void The_published_folder_carries_no_copy_of_what_the_Host_provides()
    {
        var copies = Directory.EnumerateFiles(PublishedFolder, "*.dll", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .Intersect(HostProvided, StringComparer.OrdinalIgnoreCase)
            .ToList();

        Assert.True(copies.Count == 0, $"The plugin folder carries {string.Join(", ", copies)}: reference ProductDescriber.Providers.Abstractions with ExcludeAssets=\"runtime\".");
    }
}
