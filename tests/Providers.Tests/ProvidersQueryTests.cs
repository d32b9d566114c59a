using System.Text.Json;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Providers.Tests;

/// <summary>The <c>providers</c> query over real HTTP: built-in providers and the plugin, and never a key.</summary>
public sealed class ProvidersQueryTests(EchoPluginHost fixture) : IClassFixture<EchoPluginHost>
{
    private const string Query = """
        { providers { name displayName capabilities visionModel imageModel isConfigured isRemote
          isDefaultForVision isDefaultForImages limits { maxReferenceImages maxImageEdge maxImageBytes maxImagesPerCall } } }
        """;

    [Fact]
    public async Task Lists_the_plugin_with_what_it_can_do()
    {
        var providers = await ProvidersAsync();

        var echo = Assert.Single(providers, p => p.GetProperty("name").GetString() == "echo");
        Assert.Equal("Echo (sample plugin)", echo.GetProperty("displayName").GetString());
        Assert.Equal(["VISION", "IMAGE_GENERATION"], echo.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("echo-vision-1", echo.GetProperty("visionModel").GetString());
        Assert.Equal("echo-image-1", echo.GetProperty("imageModel").GetString());
        Assert.True(echo.GetProperty("isConfigured").GetBoolean());
        Assert.False(echo.GetProperty("isRemote").GetBoolean());
        Assert.True(echo.GetProperty("isDefaultForImages").GetBoolean(), "Providers:Defaults:Image names echo.");
        Assert.False(echo.GetProperty("isDefaultForVision").GetBoolean(), "Echo is not remote and not the vision default.");
        var limits = echo.GetProperty("limits");
        Assert.Equal(4, limits.GetProperty("maxReferenceImages").GetInt32());
        Assert.Equal(4096, limits.GetProperty("maxImageEdge").GetInt32());
        Assert.Equal(10 * 1024 * 1024, limits.GetProperty("maxImageBytes").GetInt32());
        Assert.Equal(4, limits.GetProperty("maxImagesPerCall").GetInt32());
    }

    [Fact]
    public async Task Lists_every_registered_provider_once_with_at_most_one_default_per_capability()
    {
        var providers = await ProvidersAsync();
        var registered = fixture.Host.GetService<IAiProviderRegistry>().Providers.Select(d => d.Name);

        Assert.Equal(registered, providers.Select(p => p.GetProperty("name").GetString()));
        Assert.True(providers.Count(p => p.GetProperty("isDefaultForVision").GetBoolean()) <= 1);
        Assert.Single(providers, p => p.GetProperty("isDefaultForImages").GetBoolean());
        if (registered.Contains("offline"))
        {
            var offline = Assert.Single(providers, p => p.GetProperty("name").GetString() == "offline");
            Assert.True(offline.GetProperty("isConfigured").GetBoolean(), "Offline needs no key.");
            Assert.False(offline.GetProperty("isRemote").GetBoolean());
        }
    }

    [Fact]
    public async Task Never_shows_a_configured_key()
    {
        using var client = fixture.Host.CreateGraphQLClient();
        await client.LoginAsync("admin", TestHost.AdminPassword);

        var response = await client.PostAsync(Query);

        Assert.Empty(response.Errors);
        foreach (var key in new[] { EchoPluginHost.EchoKey, EchoPluginHost.OpenAIKey, EchoPluginHost.GeminiKey })
        {
            Assert.DoesNotContain(key, response.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Needs_a_token()
    {
        using var anonymous = fixture.Host.CreateGraphQLClient();

        var response = await anonymous.PostAsync(Query);

        Assert.Equal("UNAUTHENTICATED", Assert.Single(response.ErrorCodes));
        Assert.False(response.HasData);
    }

    private async Task<JsonElement[]> ProvidersAsync()
    {
        using var client = fixture.Host.CreateGraphQLClient();
        await client.LoginAsync("admin", TestHost.AdminPassword);
        return [.. (await client.QueryAsync(Query)).GetProperty("providers").EnumerateArray()];
    }
}
