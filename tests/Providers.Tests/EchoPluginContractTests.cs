using System.Runtime.Loader;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.ContractKit;

namespace ProductDescriber.Providers.Tests;

/// <summary>The sample plugin, loaded by the real Host from a plugin folder, passes the contract kit.</summary>
public sealed class EchoPluginContractTests(EchoPluginHost fixture) : AiProviderContractTests, IClassFixture<EchoPluginHost>
{
    protected override IAiProvider CreateProvider() => fixture.Echo;

    protected override IReadOnlyCollection<string> ConfiguredSecrets => [EchoPluginHost.EchoKey];

    [Fact]
    public void The_plugin_runs_in_its_own_load_context_from_the_plugin_folder()
    {
        var assembly = fixture.Echo.GetType().Assembly;

        Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(assembly));
        Assert.StartsWith(fixture.PluginFolder, assembly.Location, StringComparison.Ordinal);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(typeof(IAiProvider).Assembly));
    }

    [Fact]
    public async Task Echo_counts_the_photos_it_was_sent()
    {
        var reply = await Microsoft.SemanticKernel.ChatCompletion.ChatCompletionServiceExtensions.GetChatMessageContentAsync(fixture.Echo.Vision!, Photos(3));

        Assert.Contains("received 3 images", reply.Content, StringComparison.Ordinal);
    }
}
