using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ProductDescriber.Generation.Tests.Support;

/// <summary>Gemini's generateContent with image output, as <see cref="FakeGemini"/> serves it: one picture per call.</summary>
public sealed class GeminiImages : ImageFake
{
    private readonly FakeGemini _fake;
    private int _seenBefore;

    private GeminiImages(FakeGemini fake)
    {
        _fake = fake;
        _fake.Respond = (context, _) => AnswerAsync(context);
    }

    public static async Task<GeminiImages> StartAsync() => new(await FakeGemini.StartAsync());

    public override string Provider => "gemini";

    public override IDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["Providers:Gemini:ApiKey"] = GeminiFixtures.ApiKey,
        ["Providers:Gemini:BaseUrl"] = _fake.BaseUrl.ToString(),
        ["Providers:Gemini:MaxRetries"] = "0",
    };

    public override string SafetyReason => "IMAGE_SAFETY";

    public override IReadOnlyList<DateTimeOffset> RequestTimes => [.. _fake.Requests.Skip(Volatile.Read(ref _seenBefore)).Select(r => r.At)];

    public override int CallsFor(int count) => count;

    public override Task<IReadOnlyList<byte[]>> LastReferenceImagesAsync()
    {
        var parts = _fake.Requests[^1].Body.GetProperty("contents")[0].GetProperty("parts");
        IReadOnlyList<byte[]> images = [.. parts.EnumerateArray()
            .Where(p => p.TryGetProperty("inline_data", out _))
            .Select(p => Convert.FromBase64String(p.GetProperty("inline_data").GetProperty("data").GetString()!))];
        return Task.FromResult(images);
    }

    public override ValueTask DisposeAsync() => _fake.DisposeAsync();

    protected override void ForgetRequests() => Volatile.Write(ref _seenBefore, _fake.Requests.Count);

    protected override Task WriteAsync(HttpContext context, FakeReply reply)
    {
        switch (reply.Kind)
        {
            case FakeReplyKind.RateLimited:
                context.Response.Headers.RetryAfter = "1";
                return FakeGemini.Reply(context, 429, GeminiFixtures.RateLimitedRetryInfo);
            case FakeReplyKind.Unavailable:
                return FakeGemini.Reply(context, 503, GeminiFixtures.Unavailable);
            case FakeReplyKind.SafetyBlock:
                return FakeGemini.Reply(context, 200, GeminiFixtures.ImageSafety);
            case FakeReplyKind.NoPicture:
                return FakeGemini.Reply(context, 200, GeminiFixtures.TextOnly);
            default:
                return FakeGemini.Reply(context, 200, GeminiFixtures.ImageSuccess);
        }
    }
}

/// <summary>OpenAI's images API, as <see cref="FakeOpenAI"/> serves it: with reference photos, multipart
/// <c>/images/edits</c> answering up to four pictures per call.</summary>
public sealed class OpenAIImages : ImageFake
{
    private const string NoPictures = """
        {"created":1760000000,"background":"opaque","data":[],"output_format":"png","quality":"high","size":"1024x1024",
         "usage":{"input_tokens":520,"input_tokens_details":{"image_tokens":470,"text_tokens":50},"output_tokens":0,"total_tokens":520}}
        """;

    private readonly FakeOpenAI _fake;

    private OpenAIImages(FakeOpenAI fake)
    {
        _fake = fake;
        _fake.Reply = (context, _) => AnswerAsync(context);
    }

    public static async Task<OpenAIImages> StartAsync() => new(await FakeOpenAI.StartAsync());

    public override string Provider => "openai";

    public override IDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["Providers:OpenAI:ApiKey"] = "sk-test-generation-0123456789abcdef",
        ["Providers:OpenAI:BaseUrl"] = _fake.BaseUrl.ToString(),
        ["Providers:OpenAI:MaxRetries"] = "0",
    };

    public override string SafetyReason => "moderation_blocked";

    public override IReadOnlyList<DateTimeOffset> RequestTimes => [.. _fake.Requests.Select(r => r.At)];

    public override int CallsFor(int count) => (count + 3) / 4;

    public override async Task<IReadOnlyList<byte[]>> LastReferenceImagesAsync()
    {
        var request = _fake.Requests.Last();
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(request.Body));
        var images = new List<byte[]>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            if (HeaderUtilities.RemoveQuotes(ContentDispositionHeaderValue.Parse(section.ContentDisposition).Name).Value == "image[]")
            {
                using var body = new MemoryStream();
                await section.Body.CopyToAsync(body);
                images.Add(body.ToArray());
            }
        }

        return images;
    }

    public override ValueTask DisposeAsync() => _fake.DisposeAsync();

    protected override void ForgetRequests() => _fake.Requests.Clear();

    protected override Task WriteAsync(HttpContext context, FakeReply reply) => reply.Kind switch
    {
        FakeReplyKind.RateLimited => Answer.Json(
            context, 429, Answer.Error("Rate limit reached for gpt-image-1 on images per minute (IPM): Limit 5, Used 5.", "requests", "rate_limit_exceeded"), retryAfter: "1"),
        FakeReplyKind.Unavailable => Answer.Json(context, 503, Answer.Error("The server is overloaded or not ready yet.", "server_error", null)),
        FakeReplyKind.SafetyBlock => Answer.Json(
            context, 400, Answer.Error("Your request was rejected by the safety system.", "image_generation_user_error", "moderation_blocked")),
        FakeReplyKind.NoPicture => Answer.Json(context, 200, NoPictures),
        _ => Answer.Json(context, 200, OpenAIFixtures.Images(reply.Pictures)),
    };
}
