using ProductDescriber.Providers.Abstractions;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Providers.Tests;

/// <summary>A plugin without its key is listed as not configured and refused when asked for, never used.</summary>
public sealed class UnconfiguredPluginTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pd-plugins-nokey-" + Guid.NewGuid().ToString("N"));
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        EchoPluginHost.CopyPlugin(Path.Combine(_folder, "echo"));
        _host = await TestHost.StartAsync("providers-nokey", new Dictionary<string, string?> { ["Providers:PluginPaths:0"] = _folder });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_providers_query_lists_it_as_not_configured()
    {
        using var client = _host.CreateGraphQLClient();
        await client.LoginAsync("admin", TestHost.AdminPassword);

        var providers = (await client.QueryAsync("{ providers { name isConfigured isDefaultForVision isDefaultForImages } }")).GetProperty("providers");

        var echo = Assert.Single(providers.EnumerateArray(), p => p.GetProperty("name").GetString() == "echo");
        Assert.False(echo.GetProperty("isConfigured").GetBoolean());
        Assert.False(echo.GetProperty("isDefaultForVision").GetBoolean());
        Assert.False(echo.GetProperty("isDefaultForImages").GetBoolean());
    }

    [Fact]
    public void Asking_for_it_by_name_is_PROVIDER_NOT_CONFIGURED()
    {
        var choice = _host.GetService<IAiProviderRegistry>().Choose(AiCapabilities.Vision, "Echo");

        Assert.Null(choice.Provider);
        Assert.Equal("PROVIDER_NOT_CONFIGURED", choice.ErrorCode);
    }
}
