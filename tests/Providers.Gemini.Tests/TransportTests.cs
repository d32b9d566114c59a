using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.Gemini.Tests.Support;

namespace ProductDescriber.Providers.Gemini.Tests;

public sealed class TransportTests
{
    private static readonly byte[] Photo = Convert.FromBase64String(GeminiFixtures.RedPng);

    [Fact]
    public async Task A_429_with_RetryInfo_waits_the_servers_delay_then_succeeds()
    {
        await using var gemini = await GeminiHarness.StartAsync();
        gemini.Fake.Respond = (context, number) => number == 1
            ? FakeGemini.Reply(context, 429, GeminiFixtures.RateLimitedRetryInfo)
            : FakeGemini.Reply(context, 200, GeminiFixtures.VisionSuccess);

        var replies = await gemini.Provider.Vision!.GetChatMessageContentsAsync(VisionTests.Photos(Photo));

        Assert.Equal("colour: red\nmaterial: cotton\n", Assert.Single(replies).Content);
        var requests = gemini.Fake.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Contains(TimeSpan.FromSeconds(1), gemini.Time.DueTimes);
    }

    [Fact]
    public async Task A_429_with_a_Retry_After_header_waits_that_long_then_succeeds()
    {
        await using var gemini = await GeminiHarness.StartAsync();
        gemini.Fake.Respond = (context, number) =>
        {
            if (number > 1)
            {
                return FakeGemini.Reply(context, 200, GeminiFixtures.VisionSuccess);
            }

            context.Response.Headers.RetryAfter = "1";
            return FakeGemini.Reply(context, 429, GeminiFixtures.RateLimitedPlain);
        };

        await gemini.Provider.Vision!.GetChatMessageContentsAsync(VisionTests.Photos(Photo));

        var requests = gemini.Fake.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Contains(TimeSpan.FromSeconds(1), gemini.Time.DueTimes);
    }

    [Fact]
    public async Task A_reply_slower_than_the_attempt_timeout_is_Timeout()
    {
        await using var gemini = await GeminiHarness.StartAsync(new() { ["Providers:Gemini:TimeoutSeconds"] = "1" });
        gemini.Fake.Respond = async (context, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            await FakeGemini.Reply(context, 200, GeminiFixtures.VisionSuccess);
        };

        var error = await Assert.ThrowsAsync<AiProviderException>(
            () => gemini.Provider.Vision!.GetChatMessageContentsAsync(VisionTests.Photos(Photo)));

        Assert.Equal(AiErrorKind.Timeout, error.Kind);
        Assert.True(error.IsTransient);
        ErrorTests.AssertNoKey(error);
        await gemini.Fake.ClientAborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancelling_mid_call_aborts_the_request()
    {
        await using var gemini = await GeminiHarness.StartAsync();
        gemini.Fake.Respond = async (context, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted);
            await FakeGemini.Reply(context, 200, GeminiFixtures.ImageSuccess);
        };
        using var cancel = new CancellationTokenSource();

        var call = ImageGenerationTests.CollectWithAsync(gemini.Provider, ImageGenerationTests.Request(), cancel.Token);
        await gemini.Fake.FirstRequestArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        await gemini.Fake.ClientAborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(gemini.Fake.Requests);
    }

    [Fact]
    public async Task No_more_than_MaxConcurrency_calls_are_in_flight()
    {
        await using var gemini = await GeminiHarness.StartAsync(new() { ["Providers:Gemini:MaxConcurrency"] = "2" });
        gemini.Fake.Respond = async (context, _) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(150), context.RequestAborted);
            await FakeGemini.Reply(context, 200, GeminiFixtures.VisionSuccess);
        };

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            gemini.Provider.Vision!.GetChatMessageContentsAsync(VisionTests.Photos(Photo))));

        Assert.Equal(5, gemini.Fake.Requests.Count);
        Assert.Equal(2, gemini.Fake.MaxInFlight);
    }

    [Fact]
    public async Task The_key_travels_only_in_the_header()
    {
        await using var gemini = await GeminiHarness.StartAsync();

        await gemini.Provider.Vision!.GetChatMessageContentsAsync(VisionTests.Photos(Photo));

        var request = Assert.Single(gemini.Fake.Requests);
        Assert.Equal(GeminiFixtures.ApiKey, request.ApiKey);
        Assert.DoesNotContain(GeminiFixtures.ApiKey, request.Path + request.Query, StringComparison.Ordinal);
        Assert.DoesNotContain(GeminiFixtures.ApiKey, JsonSerializer.Serialize(request.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_of_retries_and_failures_never_contain_the_key()
    {
        await using var gemini = await GeminiHarness.StartAsync();
        gemini.Fake.Respond = (context, number) => number == 1
            ? FakeGemini.Reply(context, 503, GeminiFixtures.Unavailable)
            : FakeGemini.Reply(context, 400, GeminiFixtures.ApiKeyInvalid);

        await Assert.ThrowsAsync<AiProviderException>(
            () => gemini.Provider.Vision!.GetChatMessageContentsAsync(VisionTests.Photos(Photo)));

        Assert.Contains(gemini.Logs.Lines, line => line.Contains("retry 1 of 2", StringComparison.Ordinal));
        Assert.Contains(gemini.Logs.Lines, line => line.Contains("x-goog-api-key", StringComparison.OrdinalIgnoreCase));
        Assert.All(gemini.Logs.Lines, line => Assert.DoesNotContain(GeminiFixtures.ApiKey, line, StringComparison.Ordinal));
    }
}
