using Microsoft.Extensions.Configuration;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Tests.Resilience;

/// <summary>The settings base every provider derives from: binding, start-up validation, the policy it describes.</summary>
public sealed class AiProviderOptionsTests
{
    private const string Section = "Providers:Acme";

    [Fact]
    public void Load_binds_the_shared_settings_over_the_providers_defaults_and_takes_the_key_from_its_variable()
    {
        var options = AiProviderOptions.Load<AcmeOptions>(Settings(new()
        {
            ["ACME_API_KEY"] = "from-variable",
            [Section + ":VisionModel"] = "acme-vision-3",
            [Section + ":MaxConcurrency"] = "5",
            [Section + ":RetryDelaySeconds"] = "0.5",
            [Section + ":Fast"] = "true",
        }), Section, "ACME_API_KEY");

        Assert.Equal("from-variable", options.ApiKey);
        Assert.True(options.IsConfigured);
        Assert.Equal("acme-vision-3", options.VisionModel);
        Assert.Equal("acme-image-1", options.ImageModel);
        Assert.Equal(new Uri("https://api.acme.example/v2/"), options.BaseUri);
        Assert.Equal(5, options.MaxConcurrency);
        Assert.Equal(0.5, options.RetryDelaySeconds);
        Assert.True(options.Fast);
    }

    [Fact]
    public void A_key_in_the_section_wins_over_the_variable()
    {
        var options = AiProviderOptions.Load<AcmeOptions>(
            Settings(new() { ["ACME_API_KEY"] = "from-variable", [Section + ":ApiKey"] = "from-section" }), Section, "ACME_API_KEY");

        Assert.Equal("from-section", options.ApiKey);
    }

    [Theory]
    [InlineData("BaseUrl", "ftp://acme.example/", "Providers:Acme:BaseUrl must be an absolute http(s) URL.")]
    [InlineData("ImageTimeoutSeconds", "0", "Providers:Acme:ImageTimeoutSeconds must be positive.")]
    [InlineData("TotalTimeoutSeconds", "-1", "Providers:Acme:TotalTimeoutSeconds must be positive.")]
    [InlineData("MaxRetries", "-1", "Providers:Acme:MaxRetries must not be negative.")]
    [InlineData("MaxConcurrency", "0", "Providers:Acme:MaxConcurrency must be at least 1.")]
    [InlineData("MaxRetryAfterSeconds", "-1", "Providers:Acme:MaxRetryAfterSeconds must not be negative.")]
    [InlineData("ImageModel", " ", "Providers:Acme:ImageModel is required.")]
    public void Settings_that_cannot_work_refuse_start_up_naming_the_setting(string key, string value, string message)
    {
        var options = AiProviderOptions.Load<AcmeOptions>(Settings(new() { [Section + ":" + key] = value }), Section);

        var error = Assert.Throws<ProviderConfigurationException>(() => options.Validate(Section, AiCapabilities.Vision | AiCapabilities.ImageGeneration));

        Assert.Equal(message, error.Message);
        Assert.Equal([Section + ":" + key], error.Settings);
    }

    [Theory]
    [InlineData("MaxRetries", "lots", "Providers:Acme:MaxRetries cannot be read as a whole number.")]
    [InlineData("RetryDelaySeconds", "soon", "Providers:Acme:RetryDelaySeconds cannot be read as a number.")]
    [InlineData("Fast", "very", "Providers:Acme:Fast cannot be read as true or false.")]
    public void A_value_that_cannot_be_read_is_named_without_showing_it(string key, string value, string message)
    {
        var error = Assert.Throws<ProviderConfigurationException>(() =>
            AiProviderOptions.Load<AcmeOptions>(Settings(new() { [Section + ":VisionModel"] = "v", [Section + ":" + key] = value }), Section));

        Assert.Equal(message, error.Message);
        Assert.Equal([Section + ":" + key], error.Settings);
    }

    [Fact]
    public void A_model_is_required_only_for_the_capabilities_the_provider_has()
    {
        var options = AiProviderOptions.Load<AcmeOptions>(Settings(new() { [Section + ":ImageModel"] = "" }), Section);

        options.Validate(Section, AiCapabilities.Vision);
        Assert.Equal(
            "Providers:Acme:ImageModel is required.",
            Assert.Throws<ProviderConfigurationException>(() => options.Validate(Section, AiCapabilities.ImageGeneration)).Message);
    }

    [Fact]
    public void The_policy_gets_the_image_timeout_for_image_calls_and_the_vision_timeout_for_the_rest()
    {
        var options = AiProviderOptions.Load<AcmeOptions>(
            Settings(new() { [Section + ":VisionTimeoutSeconds"] = "30", [Section + ":ImageTimeoutSeconds"] = "300", [Section + ":TotalTimeoutSeconds"] = "400" }),
            Section);

        var policy = options.ResilienceOptions("acme", request => request.RequestUri!.AbsolutePath.Contains("/images", StringComparison.Ordinal));

        Assert.Equal(TimeSpan.FromSeconds(30), policy.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(300), policy.AttemptTimeoutOf!(new HttpRequestMessage(HttpMethod.Post, "https://acme.example/v2/images")));
        Assert.Null(policy.AttemptTimeoutOf(new HttpRequestMessage(HttpMethod.Post, "https://acme.example/v2/chat")));
        Assert.Equal(TimeSpan.FromSeconds(400), policy.Deadline);
        Assert.Equal((3, 2), (policy.MaxRetries, policy.MaxConcurrency));
    }

    [Fact]
    public void TimeoutSeconds_sets_both_attempt_timeouts()
    {
        var options = AiProviderOptions.Load<AcmeOptions>(Settings(new() { [Section + ":TimeoutSeconds"] = "7" }), Section);

        Assert.Equal((TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)), (options.VisionTimeout, options.ImageTimeout));
    }

    private static IConfiguration Settings(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    /// <summary>A provider's options as a plugin would write them: its defaults and one setting of its own.</summary>
    private sealed class AcmeOptions : AiProviderOptions
    {
        public AcmeOptions()
        {
            BaseUrl = "https://api.acme.example/v2";
            VisionModel = "acme-vision-2";
            ImageModel = "acme-image-1";
        }

        public bool Fast { get; set; }
    }
}
