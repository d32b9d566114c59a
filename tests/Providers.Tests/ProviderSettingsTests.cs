using Microsoft.Extensions.Configuration;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Tests;

/// <summary>
/// A provider's section is found ignoring case and treating '-', '_' and '.' alike, so a hyphenated name can be set
/// from the environment; across spellings, sources keep their precedence. The variables here are real process
/// variables read by the real environment source (under a prefix of this test's own, so no other test sees them).
/// </summary>
public sealed class ProviderSettingsTests : IDisposable
{
    private readonly string _prefix = $"PDTEST{Guid.NewGuid():N}_";
    private readonly List<string> _variables = [];

    [Theory]
    [InlineData("mock-vision", "mock_vision", true)]
    [InlineData("mock-vision", "MOCK.VISION", true)]
    [InlineData("Mock_Vision", "mock-vision", true)]
    [InlineData("mock-vision", "mockvision", false)]
    [InlineData("mock-vision", "mock-visions", false)]
    public void Names_compare_ignoring_case_and_separators(string a, string b, bool same) =>
        Assert.Equal(same, ProviderSettings.SameName(a, b));

    [Fact]
    public void A_hyphenated_provider_is_configured_from_environment_variables()
    {
        Set("Providers__mock_vision__ApiKey", "from-the-environment");
        Set("Providers__mock_vision__MaxRetries", "5");

        var options = AiProviderOptions.Load<MockOptions>(Environment(), "Providers:mock-vision");

        Assert.Equal("from-the-environment", options.ApiKey);
        Assert.Equal(5, options.MaxRetries);
    }

    [Fact]
    public void The_environment_wins_over_json_whatever_spelling_each_uses()
    {
        var json = """{ "Providers": { "mock-vision": { "ApiKey": "from-json", "VisionModel": "json-model" } } }""";
        Set("Providers__MOCK_VISION__ApiKey", "from-the-environment");
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).AddEnvironmentVariables(_prefix).Build();

        var options = AiProviderOptions.Load<MockOptions>(configuration, "Providers:mock-vision");

        Assert.Equal("from-the-environment", options.ApiKey);
        Assert.Equal("json-model", options.VisionModel);
    }

    [Fact]
    public void A_json_setting_added_after_the_environment_wins_over_it()
    {
        // Precedence is the sources' order, not a preference for one spelling.
        Set("Providers__mock_vision__ApiKey", "from-the-environment");
        using var stream = new MemoryStream("""{ "Providers": { "Mock-Vision": { "ApiKey": "from-json" } } }"""u8.ToArray());
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables(_prefix).AddJsonStream(stream).Build();

        Assert.Equal("from-json", AiProviderOptions.Load<MockOptions>(configuration, "Providers:mock-vision").ApiKey);
    }

    [Fact]
    public void Other_providers_settings_are_not_read()
    {
        Set("Providers__mock_visionary__ApiKey", "someone-else");

        Assert.Null(AiProviderOptions.Load<MockOptions>(Environment(), "Providers:mock-vision").ApiKey);
    }

    public void Dispose()
    {
        foreach (var name in _variables)
        {
            System.Environment.SetEnvironmentVariable(name, null);
        }
    }

    private IConfiguration Environment() => new ConfigurationBuilder().AddEnvironmentVariables(_prefix).Build();

    private void Set(string name, string value)
    {
        _variables.Add(_prefix + name);
        System.Environment.SetEnvironmentVariable(_prefix + name, value);
    }

    private sealed class MockOptions : AiProviderOptions
    {
        public MockOptions()
        {
            BaseUrl = "https://mock.example/";
        }
    }
}
