using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace ProductDescriber.Generation.Tests.Support;

/// <summary>What a fake image API does with one call.</summary>
public enum FakeReplyKind
{
    /// <summary>Answers with <see cref="FakeReply.Pictures"/> pictures (Gemini: always one per call).</summary>
    Pictures,

    /// <summary>429 with <c>Retry-After: 1</c> (and Gemini's RetryInfo of 1 s).</summary>
    RateLimited,

    /// <summary>503, the provider overloaded.</summary>
    Unavailable,

    /// <summary>The provider's safety system refuses (Gemini: finishReason IMAGE_SAFETY; OpenAI: moderation_blocked).</summary>
    SafetyBlock,

    /// <summary>A successful reply without any picture (Gemini: text only; OpenAI: an empty data array).</summary>
    NoPicture,
}

/// <summary>One scripted answer; with <see cref="Release"/>, the call is held until it completes (or the client aborts).</summary>
public sealed record FakeReply(FakeReplyKind Kind, int Pictures = 1, Task? Release = null)
{
    public static readonly FakeReply RateLimited = new(FakeReplyKind.RateLimited);
    public static readonly FakeReply Unavailable = new(FakeReplyKind.Unavailable);
    public static readonly FakeReply SafetyBlock = new(FakeReplyKind.SafetyBlock);
    public static readonly FakeReply NoPicture = new(FakeReplyKind.NoPicture);

    public static FakeReply Picture(int count = 1) => new(FakeReplyKind.Pictures, count);

    /// <summary>Never answers: the call stays in flight until the client aborts it.</summary>
    public static FakeReply Hold() => Picture().After(Task.Delay(Timeout.Infinite));

    public FakeReply After(Task release) => this with { Release = release };
}

/// <summary>
/// A fake image API seen the same way whichever provider it imitates, so one set of tests runs against both: the
/// settings that point a Host at it, a script of answers by call number, and what it received.
/// </summary>
public abstract class ImageFake : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, byte> _aborted = new();
    private Func<int, FakeReply> _script = _ => FakeReply.Picture();
    private int _calls;

    /// <summary>The name clients pass as <c>provider</c>.</summary>
    public abstract string Provider { get; }

    /// <summary>Provider settings for a Host. No HTTP retries inside the provider, so each provider call of the job is
    /// exactly one request here and the job's own retries are what the tests count.</summary>
    public abstract IDictionary<string, string?> HostSettings { get; }

    /// <summary>What the provider's error message quotes of a safety refusal.</summary>
    public abstract string SafetyReason { get; }

    /// <summary>Requests received since the last <see cref="Reset"/>.</summary>
    public int RequestCount => Volatile.Read(ref _calls);

    /// <summary>Provider calls one attempt at <paramref name="count"/> pictures makes: Gemini one per picture, OpenAI
    /// one for up to four (its <c>n</c>).</summary>
    public abstract int CallsFor(int count);

    /// <summary>How each call (1-based since <see cref="Reset"/>) is answered.</summary>
    public void Script(Func<int, FakeReply> script) => _script = script;

    /// <summary>Forgets the calls seen so far and answers every call with one picture.</summary>
    public void Reset()
    {
        _script = _ => FakeReply.Picture();
        _aborted.Clear();
        ForgetRequests();
        Volatile.Write(ref _calls, 0);
    }

    /// <summary>Until call <paramref name="call"/> has arrived (and is being answered or held).</summary>
    public Task ArrivedAsync(int call, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => RequestCount >= call, $"call {call} to reach the fake {Provider} (it has {RequestCount})", timeout ?? TimeSpan.FromSeconds(60));

    /// <summary>Until the client (the Host) abandoned call <paramref name="call"/> while it was held.</summary>
    public Task AbortedAsync(int call, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => _aborted.ContainsKey(call), $"the Host to abort call {call} to the fake {Provider}", timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>When each request since <see cref="Reset"/> arrived, in order.</summary>
    public abstract IReadOnlyList<DateTimeOffset> RequestTimes { get; }

    /// <summary>The reference photos the last request carried, in the order sent.</summary>
    public abstract Task<IReadOnlyList<byte[]>> LastReferenceImagesAsync();

    public abstract ValueTask DisposeAsync();

    protected abstract void ForgetRequests();

    protected abstract Task WriteAsync(HttpContext context, FakeReply reply);

    /// <summary>The fake server's handler: the next call's scripted answer, held first if the script says so.</summary>
    protected async Task AnswerAsync(HttpContext context)
    {
        var call = Interlocked.Increment(ref _calls);
        var reply = _script(call);
        if (reply.Release is { } release)
        {
            try
            {
                await release.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                _aborted.TryAdd(call, 0);
                throw;
            }
        }

        await WriteAsync(context, reply);
    }
}
