using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.Gemini.Tests.Support;

namespace ProductDescriber.Providers.Gemini.Tests;

public sealed class ErrorTests
{
    private static async Task<(AiProviderException Error, int Requests)> FailAsync(
        int status, string body, string contentType = "application/json", Dictionary<string, string?>? settings = null)
    {
        await using var gemini = await GeminiHarness.StartAsync(settings);
        gemini.Fake.Respond = (context, _) => FakeGemini.Reply(context, status, body, contentType);
        var error = await Assert.ThrowsAsync<AiProviderException>(
            () => ImageGenerationTests.CollectAsync(gemini.Provider, ImageGenerationTests.Request()));
        Assert.Equal("gemini", error.Provider);
        AssertNoKey(error);
        return (error, gemini.Fake.Requests.Count);
    }

    internal static void AssertNoKey(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(GeminiFixtures.ApiKey, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(GeminiFixtures.ApiKey, e.ToString(), StringComparison.Ordinal);
        }

        if (error is AiProviderException provider)
        {
            Assert.DoesNotContain(GeminiFixtures.ApiKey, provider.Detail ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Invalid_argument_is_InvalidRequest_and_not_retried()
    {
        var (error, requests) = await FailAsync(400, GeminiFixtures.InvalidArgument);

        Assert.Equal(AiErrorKind.InvalidRequest, error.Kind);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal("INVALID_ARGUMENT", error.ProviderCode);
        Assert.Contains("aspect_ratio", error.Detail);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task A_wrong_key_answered_with_400_API_KEY_INVALID_is_Authentication_and_the_echoed_key_is_redacted()
    {
        var (error, requests) = await FailAsync(400, GeminiFixtures.ApiKeyInvalid);

        Assert.Equal(AiErrorKind.Authentication, error.Kind);
        Assert.Equal("API_KEY_INVALID", error.ProviderCode);
        Assert.Contains("[redacted]", error.Detail);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task Permission_denied_is_Permission_and_not_retried()
    {
        var (error, requests) = await FailAsync(403, GeminiFixtures.PermissionDenied);

        Assert.Equal(AiErrorKind.Permission, error.Kind);
        Assert.Equal(403, error.HttpStatus);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task A_retired_model_is_ModelUnavailable_and_not_retried()
    {
        var (error, requests) = await FailAsync(404, GeminiFixtures.ModelRetired);

        Assert.Equal(AiErrorKind.ModelUnavailable, error.Kind);
        Assert.Equal("NOT_FOUND", error.ProviderCode);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task A_per_day_quota_is_QuotaExhausted_with_one_request()
    {
        var (error, requests) = await FailAsync(429, GeminiFixtures.DailyQuota);

        Assert.Equal(AiErrorKind.QuotaExhausted, error.Kind);
        Assert.False(error.IsTransient);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task A_503_until_retries_run_out_is_Unavailable_after_MaxRetries_plus_one_requests()
    {
        var (error, requests) = await FailAsync(503, GeminiFixtures.Unavailable, settings: new() { ["Providers:Gemini:MaxRetries"] = "3" });

        Assert.Equal(AiErrorKind.Unavailable, error.Kind);
        Assert.Equal("UNAVAILABLE", error.ProviderCode);
        Assert.Equal(4, requests);
    }

    [Fact]
    public async Task An_html_502_body_is_Unavailable_with_a_short_text_detail()
    {
        var (error, requests) = await FailAsync(502, GeminiFixtures.HtmlBadGateway, "text/html", new() { ["Providers:Gemini:MaxRetries"] = "1" });

        Assert.Equal(AiErrorKind.Unavailable, error.Kind);
        Assert.Equal(502, error.HttpStatus);
        Assert.DoesNotContain("<", error.Detail);
        Assert.Equal(2, requests);
    }

    [Fact]
    public async Task A_truncated_json_body_is_MalformedResponse()
    {
        var (error, requests) = await FailAsync(200, GeminiFixtures.ImageSuccess[..200]);

        Assert.Equal(AiErrorKind.MalformedResponse, error.Kind);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task A_rate_limit_whose_wait_is_too_long_fails_at_once_as_RateLimited_with_RetryAfter()
    {
        var (error, requests) = await FailAsync(
            429, GeminiFixtures.RateLimitedRetryInfo, settings: new() { ["Providers:Gemini:MaxRetryAfterSeconds"] = "0.5" });

        Assert.Equal(AiErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal(1, requests);
    }
}
