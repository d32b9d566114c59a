using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.ContractKit;

namespace Acme.AiProvider.Tests;

/// <summary>
/// The published plugin, loaded by the Host's own plugin loader (no Host, no database), registers the provider, and
/// its folder carries nothing the Host provides.
/// </summary>
public sealed class LoadedByHostTests : PluginLoadedByHostTests
{
    protected override string PublishedFolder => Path.Combine(AppContext.BaseDirectory, "published-plugin");

    protected override string ProviderName => ProviderModule.ProviderName;

    protected override AiCapabilities Capabilities => AiCapabilities.Vision;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [ProviderOptions.SectionName + ":ApiKey"] = "test-key",
    };
}
