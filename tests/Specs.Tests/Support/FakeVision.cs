using System.Text.Json;
using ProductDescriber.TestSupport.FakeAi;

namespace ProductDescriber.Specs.Tests.Support;

/// <summary>What the fake saw of the last vision request: its text parts and its images, in the order sent.</summary>
public sealed record SentPrompt(IReadOnlyList<string> Texts, IReadOnlyList<byte[]> Images);

/// <summary>
/// A fake vision API seen the same way whichever provider it imitates, so one set of flow tests runs against both:
/// the settings that point a Host at it, scripted replies, and what it received.
/// </summary>
public abstract class FakeVision : IAsyncDisposable
{
    /// <summary>The name clients pass as <c>provider</c>.</summary>
    public abstract string Provider { get; }

    /// <summary>Provider settings for a Host. No HTTP retries inside the provider, so each of the analysis job's
    /// attempts is exactly one request here and the job's own retry is what the tests see.</summary>
    public abstract IDictionary<string, string?> HostSettings { get; }

    /// <summary>The token counts each successful reply reports.</summary>
    public abstract (int Input, int Output) Usage { get; }

    /// <summary>Requests received since the last <see cref="Reset"/>.</summary>
    public abstract int RequestCount { get; }

    /// <summary>Answers every request with <paramref name="text"/> as the model's message.</summary>
    public abstract void AnswerWith(string text);

    /// <summary>Answers the first request 429 with <c>Retry-After: 1</c>, the later ones with <paramref name="text"/>.</summary>
    public abstract void RateLimitedOnceThen(string text);

    /// <summary>Answers 401, as the API does for a revoked or wrong key.</summary>
    public abstract void RejectKey();

    /// <summary>Holds each request until <paramref name="release"/> completes, then answers with <paramref name="text"/>.</summary>
    public abstract void HoldThen(Task release, string text);

    /// <summary>Forgets the requests seen so far.</summary>
    public abstract void Reset();

    public abstract SentPrompt LastPrompt();

    public abstract ValueTask DisposeAsync();

    protected static byte[] FromDataUrl(string url) => Convert.FromBase64String(url[(url.IndexOf(',', StringComparison.Ordinal) + 1)..]);
}

/// <summary>OpenAI's Chat Completions, as <see cref="FakeOpenAI"/> serves it.</summary>
public sealed class OpenAIVision : FakeVision
{
    private readonly FakeOpenAI _fake;

    private OpenAIVision(FakeOpenAI fake) => _fake = fake;

    public FakeOpenAI Server => _fake;

    public static async Task<OpenAIVision> StartAsync() => new(await FakeOpenAI.StartAsync());

    public override string Provider => "openai";

    public override IDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["Providers:OpenAI:ApiKey"] = "sk-test-specs-flow-0123456789abcdef",
        ["Providers:OpenAI:BaseUrl"] = _fake.BaseUrl.ToString(),
        ["Providers:OpenAI:MaxRetries"] = "0",
        ["Providers:OpenAI:VisionTimeoutSeconds"] = "60",
    };

    public override (int Input, int Output) Usage => (812, 45); // OpenAIFixtures.Chat's usage block

    public override int RequestCount => _fake.Requests.Count;

    public override void AnswerWith(string text) => _fake.Reply = (context, _) => Answer.Json(context, 200, OpenAIFixtures.Chat(text));

    public override void RateLimitedOnceThen(string text)
    {
        var calls = 0;
        _fake.Reply = (context, _) => Interlocked.Increment(ref calls) == 1
            ? Answer.Json(context, 429, Answer.Error("Rate limit reached for gpt-5.1 on requests per min (RPM): Limit 3, Used 3.", "requests", "rate_limit_exceeded"), retryAfter: "1")
            : Answer.Json(context, 200, OpenAIFixtures.Chat(text));
    }

    public override void RejectKey() => _fake.Reply = (context, _) =>
        Answer.Json(context, 401, Answer.Error("Incorrect API key provided: sk-test-****cdef.", "invalid_request_error", "invalid_api_key"));

    public override void HoldThen(Task release, string text) => _fake.Reply = async (context, _) =>
    {
        await release.WaitAsync(context.RequestAborted);
        await Answer.Json(context, 200, OpenAIFixtures.Chat(text));
    };

    public override void Reset() => _fake.Requests.Clear();

    public override SentPrompt LastPrompt()
    {
        using var body = JsonDocument.Parse(_fake.Requests.Last().Text);
        var texts = new List<string>();
        var images = new List<byte[]>();
        foreach (var message in body.RootElement.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("role").GetString() == "user"))
        {
            var content = message.GetProperty("content");
            if (content.ValueKind == JsonValueKind.String)
            {
                texts.Add(content.GetString()!);
                continue;
            }

            foreach (var part in content.EnumerateArray())
            {
                switch (part.GetProperty("type").GetString())
                {
                    case "text":
                        texts.Add(part.GetProperty("text").GetString()!);
                        break;
                    case "image_url":
                        images.Add(FromDataUrl(part.GetProperty("image_url").GetProperty("url").GetString()!));
                        break;
                }
            }
        }

        return new SentPrompt(texts, images);
    }

    public override ValueTask DisposeAsync() => _fake.DisposeAsync();
}

/// <summary>Gemini's generateContent, as <see cref="FakeGemini"/> serves it.</summary>
public sealed class GeminiVision : FakeVision
{
    private readonly FakeGemini _fake;
    private int _seenBefore;

    private GeminiVision(FakeGemini fake) => _fake = fake;

    public static async Task<GeminiVision> StartAsync() => new(await FakeGemini.StartAsync());

    public override string Provider => "gemini";

    public override IDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["Providers:Gemini:ApiKey"] = GeminiFixtures.ApiKey,
        ["Providers:Gemini:BaseUrl"] = _fake.BaseUrl.ToString(),
        ["Providers:Gemini:MaxRetries"] = "0",
        ["Providers:Gemini:VisionTimeoutSeconds"] = "60",
    };

    public override (int Input, int Output) Usage => (1234, 567);

    public override int RequestCount => _fake.Requests.Count - Volatile.Read(ref _seenBefore);

    public override void AnswerWith(string text) => _fake.Respond = (context, _) => FakeGemini.Reply(context, 200, Success(text));

    public override void RateLimitedOnceThen(string text)
    {
        var calls = 0;
        _fake.Respond = (context, _) =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return FakeGemini.Reply(context, 200, Success(text));
            }

            context.Response.Headers.RetryAfter = "1";
            return FakeGemini.Reply(context, 429, GeminiFixtures.RateLimitedRetryInfo);
        };
    }

    public override void RejectKey() => _fake.Respond = (context, _) => FakeGemini.Reply(
        context, 401, """{"error": {"code": 401, "message": "Request had invalid authentication credentials.", "status": "UNAUTHENTICATED"}}""");

    public override void HoldThen(Task release, string text) => _fake.Respond = async (context, _) =>
    {
        await release.WaitAsync(context.RequestAborted);
        await FakeGemini.Reply(context, 200, Success(text));
    };

    public override void Reset() => Volatile.Write(ref _seenBefore, _fake.Requests.Count);

    public override SentPrompt LastPrompt()
    {
        var body = _fake.Requests[^1].Body;
        var texts = new List<string>();
        var images = new List<byte[]>();
        foreach (var content in body.GetProperty("contents").EnumerateArray().Where(c => c.GetProperty("role").GetString() == "user"))
        {
            foreach (var part in content.GetProperty("parts").EnumerateArray())
            {
                if (part.TryGetProperty("text", out var text))
                {
                    texts.Add(text.GetString()!);
                }
                else if (part.TryGetProperty("inline_data", out var data))
                {
                    images.Add(Convert.FromBase64String(data.GetProperty("data").GetString()!));
                }
            }
        }

        return new SentPrompt(texts, images);
    }

    public override ValueTask DisposeAsync() => _fake.DisposeAsync();

    private string Success(string text) => GeminiFixtures.Vision(text, Usage.Input, Usage.Output);
}
