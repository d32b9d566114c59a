using Microsoft.AspNetCore.Http;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.OpenAI.Tests;

/// <summary>Retries, timeouts, cancellation, limits: the shared HttpClient pipeline, seen from both services.</summary>
public sealed class TransportTests : OpenAITestBase
{
    private static readonly InputImage Photo = new(OpenAIFixtures.Png, "image/png");

    [Fact]
    public async Task A_refused_key_is_Authentication_after_one_request_and_the_echoed_key_is_redacted()
    {
        // OpenAI quotes the (masked) key back; the fake quotes it whole to prove it never reaches our messages.
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 401, Answer.Error(
            $"Incorrect API key provided: {Key}. You can find your API key at https://platform.openai.com/account/api-keys.",
            "invalid_request_error", "invalid_api_key"));

        var e = await FailsAsync(() => Provider().Vision!.GetChatMessageContentsAsync(PhotoQuestion(Photo)));

        Assert.Equal(AiErrorKind.Authentication, e.Kind);
        Assert.Equal(401, e.HttpStatus);
        Assert.Contains("[redacted]", e.Detail);
        Assert.Single(Fake.Requests);
    }

    [Fact]
    public async Task A_rate_limit_with_Retry_After_is_waited_out_then_the_call_succeeds()
    {
        Fake.Reply = (ctx, i) => i == 0
            ? Answer.Json(ctx, 429, Answer.Error("Rate limit reached for gpt-5.1 on tokens per min (TPM).", "tokens", "rate_limit_exceeded"), retryAfter: "1")
            : Answer.Json(ctx, 200, OpenAIFixtures.Chat("A mug."));

        var replies = await Provider().Vision!.GetChatMessageContentsAsync(PhotoQuestion(Photo));

        Assert.Equal("A mug.", Assert.Single(replies).Content);
        var requests = Fake.Requests.ToList();
        Assert.Equal(2, requests.Count);

        // Retry-After says one second; the configured backoff (10 ms) would have been far shorter.
        Assert.Contains(TimeSpan.FromSeconds(1), Time.DueTimes);
    }

    [Fact]
    public async Task An_empty_account_is_QuotaExhausted_without_a_retry()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 429, Answer.Error(
            "You exceeded your current quota, please check your plan and billing details.", "insufficient_quota", "insufficient_quota"), retryAfter: "1");

        var e = await FailsAsync(() => Provider().Vision!.GetChatMessageContentsAsync(PhotoQuestion(Photo)));

        Assert.Equal(AiErrorKind.QuotaExhausted, e.Kind);
        Assert.False(e.IsTransient);
        Assert.Single(Fake.Requests);
    }

    [Fact]
    public async Task A_long_Retry_After_is_not_waited_out_but_reported_as_RateLimited()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 429, Answer.Error("Rate limit reached.", "requests", "rate_limit_exceeded"), retryAfter: "3600");

        var e = await FailsAsync(() => AllAsync(Provider().Images!.GenerateAsync(Pictures(1), default)));

        Assert.Equal(AiErrorKind.RateLimited, e.Kind);
        Assert.Equal(TimeSpan.FromHours(1), e.RetryAfter);
        Assert.Single(Fake.Requests);
    }

    [Fact]
    public async Task A_long_Retry_After_on_a_vision_call_is_reported_with_its_wait()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 429, Answer.Error("Rate limit reached.", "tokens", "rate_limit_exceeded"), retryAfter: "120");

        var e = await FailsAsync(() => Provider().Vision!.GetChatMessageContentsAsync(PhotoQuestion(Photo)));

        Assert.Equal(AiErrorKind.RateLimited, e.Kind);
        Assert.Equal(TimeSpan.FromMinutes(2), e.RetryAfter);
        Assert.Equal("rate_limit_exceeded", e.ProviderCode);
        Assert.Single(Fake.Requests);
    }

    [Fact]
    public async Task An_overloaded_server_is_retried_then_Unavailable()
    {
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 503, Answer.Error("The server is overloaded or not ready yet.", "server_error", "server_is_overloaded"));

        var e = await FailsAsync(() => AllAsync(Provider(("MaxRetries", "3")).Images!.GenerateAsync(Pictures(1, Photo), default)));

        Assert.Equal(AiErrorKind.Unavailable, e.Kind);
        Assert.True(e.IsTransient);
        Assert.Equal(4, Fake.Requests.Count);
    }

    [Fact]
    public async Task Vision_calls_are_retried_by_our_pipeline_alone()
    {
        // SK is handed our HttpClient, which turns the OpenAI SDK's own retries off: 1 + MaxRetries requests, not more.
        Fake.Reply = (ctx, _) => Answer.Json(ctx, 502, "<html>Bad gateway</html>");

        var e = await FailsAsync(() => Provider(("MaxRetries", "2")).Vision!.GetChatMessageContentsAsync(PhotoQuestion(Photo)));

        Assert.Equal(AiErrorKind.Unavailable, e.Kind);
        Assert.Equal(3, Fake.Requests.Count);
    }

    [Fact]
    public async Task The_key_is_sent_only_in_the_Authorization_header_and_never_logged()
    {
        Fake.Reply = (ctx, i) => i == 0
            ? Answer.Json(ctx, 429, Answer.Error($"Rate limit reached for key {Key}.", "requests", "rate_limit_exceeded"), retryAfter: "0")
            : Answer.Json(ctx, 200, OpenAIFixtures.Chat("A mug."));

        await Provider().Vision!.GetChatMessageContentsAsync(PhotoQuestion(Photo));

        Assert.All(Fake.Requests, r => Assert.DoesNotContain(Key, r.Text));
        Assert.NotEmpty(Logs);
        Assert.DoesNotContain(Logs, line => line.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_vision_reply_slower_than_the_attempt_timeout_is_Timeout()
    {
        Fake.Reply = (ctx, _) => Answer.Hang(ctx);

        // The image timeout is long: only the vision one can end this call inside the wait below.
        var provider = Provider(("VisionTimeoutSeconds", "1"), ("ImageTimeoutSeconds", "600"));

        var e = await FailsAsync(() => provider.Vision!.GetChatMessageContentsAsync(PhotoQuestion(Photo)).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(AiErrorKind.Timeout, e.Kind);
        Assert.Single(Fake.Requests);
        await Fake.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task An_image_reply_slower_than_the_attempt_timeout_is_Timeout()
    {
        Fake.Reply = (ctx, _) => Answer.Hang(ctx);

        var provider = Provider(("ImageTimeoutSeconds", "1"), ("VisionTimeoutSeconds", "600"));

        var e = await FailsAsync(() => AllAsync(provider.Images!.GenerateAsync(Pictures(1), default)).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(AiErrorKind.Timeout, e.Kind);
        Assert.Single(Fake.Requests);
    }

    [Fact]
    public async Task Cancelling_mid_call_aborts_the_HTTP_request()
    {
        Fake.Reply = (ctx, _) => Answer.Hang(ctx);
        var provider = Provider();
        using var cancel = new CancellationTokenSource();

        var call = AllAsync(provider.Images!.GenerateAsync(Pictures(1, Photo), cancel.Token), cancel.Token);
        await Fake.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        await Fake.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancelling_a_vision_call_aborts_the_HTTP_request()
    {
        Fake.Reply = (ctx, _) => Answer.Hang(ctx);
        var provider = Provider();
        using var cancel = new CancellationTokenSource();

        var call = provider.Vision!.GetChatMessageContentsAsync(PhotoQuestion(Photo), cancellationToken: cancel.Token);
        await Fake.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        await Fake.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task No_more_than_MaxConcurrency_calls_are_in_flight()
    {
        Fake.Reply = async (ctx, _) =>
        {
            await Task.Delay(400, ctx.RequestAborted);
            await Answer.Json(ctx, 200, OpenAIFixtures.Chat("A mug."));
        };
        var provider = Provider(("MaxConcurrency", "2"));

        var calls = Enumerable.Range(0, 5).Select(_ => provider.Vision!.GetChatMessageContentsAsync(PhotoQuestion(Photo)));
        var replies = await Task.WhenAll(calls);

        Assert.Equal(5, replies.Length);
        Assert.Equal(5, Fake.Requests.Count);
        Assert.Equal(2, Fake.MaxInFlight);
    }
}
