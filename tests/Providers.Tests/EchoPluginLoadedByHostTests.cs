using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.ContractKit;

namespace ProductDescriber.Providers.Tests;

/// <summary>The kit's light packaging check on the sample plugin's build output: no Host, no database.</summary>
public sealed class EchoPluginLoadedByHostTests : PluginLoadedByHostTests
{
    protected override string PublishedFolder => EchoPluginHost.BuiltPlugin;

    protected override string ProviderName => "echo";

    protected override AiCapabilities Capabilities => AiCapabilities.Vision | AiCapabilities.ImageGeneration;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Providers:Echo:ApiKey"] = "echo-key" };
}
