using System.Text.Json;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.Gemini.Tests.Support;

namespace ProductDescriber.Providers.Gemini.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task The_module_registers_a_configured_remote_provider_whose_descriptor_holds_no_key()
    {
        await using var gemini = await GeminiHarness.StartAsync();
        var descriptor = gemini.Provider.Descriptor;

        Assert.Equal("gemini", new GeminiProviderModule().Name);
        Assert.Equal("gemini", descriptor.Name);
        Assert.True(descriptor.IsConfigured);
        Assert.True(descriptor.IsRemote);
        Assert.True(descriptor.Can(AiCapabilities.Vision | AiCapabilities.ImageGeneration));
        Assert.Equal("gemini-flash-latest", descriptor.VisionModel);
        Assert.Equal("gemini-3-pro-image", descriptor.ImageModel);
        Assert.Equal(1, descriptor.Limits.MaxImagesPerCall);
        Assert.DoesNotContain(GeminiFixtures.ApiKey, descriptor.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(GeminiFixtures.ApiKey, JsonSerializer.Serialize(descriptor), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_the_provider_is_listed_as_not_configured_and_calls_fail_without_a_request()
    {
        await using var gemini = await GeminiHarness.StartAsync(withKey: false);

        Assert.False(gemini.Provider.Descriptor.IsConfigured);
        var error = await Assert.ThrowsAsync<AiProviderException>(
            () => gemini.Provider.Vision!.GetChatMessageContentsAsync(VisionTests.Photos(Convert.FromBase64String(GeminiFixtures.RedPng))));
        Assert.Equal(AiErrorKind.Authentication, error.Kind);
        Assert.Empty(gemini.Fake.Requests);
    }

    [Fact]
    public async Task The_key_may_come_from_GEMINI_API_KEY()
    {
        await using var gemini = await GeminiHarness.StartAsync(new() { ["GEMINI_API_KEY"] = GeminiFixtures.ApiKey }, withKey: false);

        await gemini.Provider.Vision!.GetChatMessageContentsAsync(VisionTests.Photos(Convert.FromBase64String(GeminiFixtures.RedPng)));

        Assert.True(gemini.Provider.Descriptor.IsConfigured);
        Assert.Equal(GeminiFixtures.ApiKey, Assert.Single(gemini.Fake.Requests).ApiKey);
    }
}
