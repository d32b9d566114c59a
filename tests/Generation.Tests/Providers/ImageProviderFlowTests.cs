using ProductDescriber.Generation.Requests;
using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests.Providers;

public sealed class OpenAIImageFlowTests(OpenAIImageHost host) : ImageProviderFlowTests(host), IClassFixture<OpenAIImageHost>;

[Collection(GeminiImageCollection.Name)]
public sealed class GeminiImageFlowTests(GeminiImageHost host) : ImageProviderFlowTests(host)
{
    [Fact]
    public async Task A_picture_the_reply_lacks_is_NO_IMAGE_and_the_next_picture_is_still_asked_for()
    {
        // Gemini says "no picture" as an error of the call, where OpenAI answers short: the job treats both alike.
        Fake.Script(call => call == 1 ? FakeReply.NoPicture : FakeReply.Picture());

        var row = await GenerateAsync(count: 2);

        Assert.Equal(GenerationStatus.Partial, row.Status);
        Assert.Equal([1], (await Host.ImageRowsAsync(RequestId)).Select(i => i.Index));
        Assert.Equal([(0, "NO_IMAGE")], row.FailureKinds());
        Assert.Equal(2, Fake.RequestCount);
    }
}

/// <summary>
/// Image generation through a remote provider's real connector, over the public API, against a fake of that
/// provider's HTTP API (no retries inside the provider, so every call the job makes is one request here): what the
/// provider is sent, and what each kind of answer makes of the request.
/// </summary>
public abstract class ImageProviderFlowTests
{
    private readonly ImageProviderHost _host;

    protected ImageProviderFlowTests(ImageProviderHost host)
    {
        _host = host;
        _host.Fake.Reset();
    }

    protected ImageFake Fake => _host.Fake;

    protected TestHost Host => _host.Host;

    protected string RequestId { get; private set; } = "";

    [Fact]
    public async Task Every_reference_photo_is_sent_primary_first_and_the_picture_is_stored()
    {
        var row = await GenerateAsync(count: 1);

        Assert.Equal(GenerationStatus.Succeeded, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(1, Fake.RequestCount);
        Assert.Equal([0], (await Host.ImageRowsAsync(RequestId)).Select(i => i.Index));
        var sent = await Fake.LastReferenceImagesAsync();
        Assert.Equal(_host.Product.SentOrder, sent.Select(CatalogApi.PngSize));
    }

    [Fact]
    public async Task A_rate_limit_with_Retry_After_is_waited_out_and_the_next_attempt_makes_the_picture()
    {
        Fake.Script(call => call == 1 ? FakeReply.RateLimited : FakeReply.Picture());

        var row = await GenerateAsync(count: 1);

        Assert.Equal(GenerationStatus.Succeeded, row.Status);
        Assert.Equal(2, row.Attempts);
        Assert.Equal(2, Fake.RequestCount);
        Assert.Empty(row.Failures);
        Assert.Equal([0], (await Host.ImageRowsAsync(RequestId)).Select(i => i.Index));

        // The provider's wait (1 s), not the job's own back-off (50 ms): a lower bound, which no slow machine breaks.
        var times = Fake.RequestTimes;
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(950), $"The second call came {(times[1] - times[0]).TotalMilliseconds} ms after the first.");
    }

    [Fact]
    public async Task A_provider_that_stays_unavailable_fails_each_picture_UNAVAILABLE_after_AttemptsPerImage_attempts()
    {
        Fake.Script(_ => FakeReply.Unavailable);

        var row = await GenerateAsync(count: 2);

        Assert.Equal(GenerationStatus.Failed, row.Status);
        Assert.Equal([(0, "UNAVAILABLE"), (1, "UNAVAILABLE")], row.FailureKinds());
        Assert.Equal("UNAVAILABLE", row.ErrorKind);
        Assert.Empty(await Host.ImageRowsAsync(RequestId));
        var calls = 3 * Fake.CallsFor(2); // Generation:AttemptsPerImage = 3
        Assert.Equal(calls, row.Attempts);
        Assert.Equal(calls, Fake.RequestCount);
    }

    [Fact]
    public async Task A_safety_block_fails_the_request_CONTENT_BLOCKED_with_the_providers_reason_without_a_retry()
    {
        Fake.Script(_ => FakeReply.SafetyBlock);

        var row = await GenerateAsync(count: 2);

        Assert.Equal(GenerationStatus.Failed, row.Status);
        Assert.Equal("CONTENT_BLOCKED", row.ErrorKind);
        Assert.Contains(Fake.SafetyReason, row.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal([(0, "CONTENT_BLOCKED"), (1, "CONTENT_BLOCKED")], row.FailureKinds());
        Assert.Equal(1, row.Attempts);
        Assert.Equal(1, Fake.RequestCount);
    }

    [Fact]
    public async Task Fewer_pictures_than_asked_make_the_request_PARTIAL_with_the_missing_one_NO_IMAGE()
    {
        // OpenAI: the call for two answers one, the call for the rest none; Gemini: one call per picture.
        Fake.Script(call => call == 1 ? FakeReply.Picture(1) : FakeReply.NoPicture);

        var row = await GenerateAsync(count: 2);

        Assert.Equal(GenerationStatus.Partial, row.Status);
        Assert.Equal(1, row.ImagesDone);
        Assert.Equal([0], (await Host.ImageRowsAsync(RequestId)).Select(i => i.Index));
        Assert.Equal([(1, "NO_IMAGE")], row.FailureKinds());
        Assert.Equal("NO_IMAGE", row.ErrorKind);

        // A reply without the picture gets the same answer again: not retried.
        Assert.Equal(2, Fake.RequestCount);
    }

    /// <summary>Asks the fake's provider for <paramref name="count"/> pictures of the shared product; the finished row.</summary>
    private protected async Task<GenerationRequest> GenerateAsync(int count)
    {
        using var admin = await _host.AdminAsync();
        RequestId = await admin.StartGenerationAsync(new { productId = _host.Product.Id, prompt = "On a walnut desk, soft window light.", count, provider = Fake.Provider });
        return await Host.FinishedRowAsync(RequestId);
    }
}
