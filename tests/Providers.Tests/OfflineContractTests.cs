using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.ContractKit;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Providers.Tests;

/// <summary>
/// The built-in Offline provider, as the Host finds it by scanning its references (no Host code names it), passes
/// the contract kit; with no keys configured it is the provider chosen for both capabilities.
/// </summary>
public sealed class OfflineContractTests(HostFixture fixture) : AiProviderContractTests, IClassFixture<HostFixture>
{
    private IAiProviderRegistry Registry => fixture.Host.GetService<IAiProviderRegistry>();

    protected override IAiProvider CreateProvider() => Registry.Choose(AiCapabilities.Vision, "offline").Provider!;

    [Fact]
    public void Without_keys_the_built_in_providers_are_listed_and_offline_is_chosen()
    {
        Assert.Equal(["gemini", "offline", "openai"], Registry.Providers.Select(p => p.Name).Where(n => n != "echo").Order());
        Assert.All(Registry.Providers.Where(p => p.IsRemote), p => Assert.False(p.IsConfigured));
        Assert.Equal("offline", Registry.Choose(AiCapabilities.Vision).Provider?.Descriptor.Name);
        Assert.Equal("offline", Registry.Choose(AiCapabilities.ImageGeneration).Provider?.Descriptor.Name);
        Assert.Equal("PROVIDER_NOT_CONFIGURED", Registry.Choose(AiCapabilities.ImageGeneration, "gemini").ErrorCode);
    }
}
