using Microsoft.Extensions.Configuration;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.ProviderHosting;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Tests;

/// <summary>The choice order of <see cref="AiProviderRegistry"/>, over small fake providers (descriptors only).</summary>
public sealed class AiProviderRegistryTests
{
    private const AiCapabilities Both = AiCapabilities.Vision | AiCapabilities.ImageGeneration;

    private static readonly FakeProvider Offline = new("offline", Both, Configured: true, Remote: false);
    private static readonly FakeProvider OpenAI = new("openai", Both, Configured: true, Remote: true, Priority: 10);
    private static readonly FakeProvider Gemini = new("gemini", Both, Configured: true, Remote: true, Priority: 20);
    private static readonly FakeProvider NoKey = new("nokey", Both, Configured: false, Remote: true, Priority: 100);
    private static readonly FakeProvider VisionOnly = new("visiononly", AiCapabilities.Vision, Configured: true, Remote: true, Priority: 50);

    [Fact]
    public void An_explicit_name_wins_whatever_the_defaults_and_priorities()
    {
        var registry = Registry([Offline, OpenAI, Gemini], ("Providers:Defaults:Vision", "gemini"));

        Assert.Equal("openai", Chosen(registry, AiCapabilities.Vision, "openai"));
        Assert.Equal("offline", Chosen(registry, AiCapabilities.Vision, "offline"));
    }

    [Fact]
    public void Names_are_compared_ignoring_case()
    {
        var registry = Registry([Offline, OpenAI], ("Providers:Defaults:Image", "OpenAI"));

        Assert.Equal("openai", Chosen(registry, AiCapabilities.Vision, "OPENAI"));
        Assert.Equal("openai", Chosen(registry, AiCapabilities.ImageGeneration));
    }

    [Fact]
    public void An_unknown_name_is_UNKNOWN_PROVIDER() =>
        Assert.Equal("UNKNOWN_PROVIDER", Registry([Offline, OpenAI]).Choose(AiCapabilities.Vision, "dall-e").ErrorCode);

    [Fact]
    public void A_provider_without_its_key_is_PROVIDER_NOT_CONFIGURED() =>
        Assert.Equal("PROVIDER_NOT_CONFIGURED", Registry([Offline, NoKey]).Choose(AiCapabilities.Vision, "nokey").ErrorCode);

    [Fact]
    public void A_provider_without_the_capability_is_CAPABILITY_NOT_SUPPORTED() =>
        Assert.Equal("CAPABILITY_NOT_SUPPORTED", Registry([Offline, VisionOnly]).Choose(AiCapabilities.ImageGeneration, "visiononly").ErrorCode);

    [Fact]
    public void Failures_carry_no_provider_and_a_message()
    {
        var choice = Registry([Offline]).Choose(AiCapabilities.Vision, "nobody");

        Assert.Null(choice.Provider);
        Assert.Contains("nobody", choice.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configured_default_beats_a_higher_priority_remote_per_capability()
    {
        var registry = Registry([Offline, OpenAI, Gemini], ("Providers:Defaults:Vision", "openai"), ("Providers:Defaults:Image", "offline"));

        Assert.Equal("openai", Chosen(registry, AiCapabilities.Vision));
        Assert.Equal("offline", Chosen(registry, AiCapabilities.ImageGeneration));
    }

    [Fact]
    public void A_default_without_its_key_is_PROVIDER_NOT_CONFIGURED_rather_than_another_provider() =>
        Assert.Equal("PROVIDER_NOT_CONFIGURED", Registry([Offline, NoKey], ("Providers:Defaults:Vision", "nokey")).Choose(AiCapabilities.Vision).ErrorCode);

    [Fact]
    public void A_default_naming_an_unknown_provider_refuses_start_up()
    {
        var error = Assert.Throws<ProviderConfigurationException>(() => Registry([Offline], ("Providers:Defaults:Vision", "gpt")));

        Assert.Contains("Providers:Defaults:Vision", error.Message, StringComparison.Ordinal);
        Assert.Contains("gpt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_without_the_capability_refuses_start_up()
    {
        var error = Assert.Throws<ProviderConfigurationException>(() => Registry([Offline, VisionOnly], ("Providers:Defaults:Image", "visiononly")));

        Assert.Contains("Providers:Defaults:Image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_default_the_configured_remote_with_the_highest_priority_is_chosen() =>
        Assert.Equal("gemini", Chosen(Registry([Offline, OpenAI, Gemini, NoKey]), AiCapabilities.Vision));

    [Fact]
    public void A_remote_provider_without_the_capability_is_passed_over() =>
        Assert.Equal("gemini", Chosen(Registry([Offline, Gemini, VisionOnly]), AiCapabilities.ImageGeneration));

    [Fact]
    public void Equal_priorities_are_settled_by_name()
    {
        var a = new FakeProvider("zeta", Both, Configured: true, Remote: true, Priority: 5);
        var b = new FakeProvider("alpha", Both, Configured: true, Remote: true, Priority: 5);

        Assert.Equal("alpha", Chosen(Registry([a, b, Offline]), AiCapabilities.Vision));
    }

    [Fact]
    public void Without_a_configured_remote_provider_offline_is_chosen()
    {
        var local = new FakeProvider("local", Both, Configured: true, Remote: false, Priority: 99);

        Assert.Equal("offline", Chosen(Registry([NoKey, local, Offline]), AiCapabilities.Vision));
        Assert.Equal("offline", Chosen(Registry([NoKey, local, Offline]), AiCapabilities.ImageGeneration));
    }

    [Fact]
    public void Without_offline_or_a_configured_remote_provider_it_is_NO_PROVIDER() =>
        Assert.Equal("NO_PROVIDER", Registry([NoKey]).Choose(AiCapabilities.Vision).ErrorCode);

    [Fact]
    public void Two_providers_with_one_name_refuse_start_up()
    {
        var error = Assert.Throws<ProviderConfigurationException>(() => Registry([OpenAI, new FakeProvider("OpenAI", Both, true, true)]));

        Assert.Contains("openai", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Lists_every_provider_by_name() =>
        Assert.Equal(["gemini", "nokey", "offline", "openai"], Registry([OpenAI, Offline, NoKey, Gemini]).Providers.Select(d => d.Name));

    private static string? Chosen(AiProviderRegistry registry, AiCapabilities capability, string? name = null)
    {
        var choice = registry.Choose(capability, name);
        Assert.True(choice.Provider is not null, $"{choice.ErrorCode}: {choice.ErrorMessage}");
        return choice.Provider.Descriptor.Name;
    }

    private static AiProviderRegistry Registry(IEnumerable<IAiProvider> providers, params (string Key, string Value)[] settings) =>
        new(providers, new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    private sealed class FakeProvider(string name, AiCapabilities capabilities, bool Configured, bool Remote, int Priority = 0) : IAiProvider
    {
        public AiProviderDescriptor Descriptor { get; } = new(
            name, name, capabilities, "model", "model", Configured, Remote, new AiProviderLimits(1, 1024, 1024, 1), Priority);

        public IChatCompletionService? Vision => null;

        public IImageGenerationService? Images => null;
    }
}
