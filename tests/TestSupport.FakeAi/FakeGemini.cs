using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ProductDescriber.TestSupport.FakeAi;

/// <summary>What the fake saw of one request.</summary>
public sealed record SeenGeminiRequest(int Number, string Method, string Path, string? ApiKey, string Query, JsonElement Body, DateTimeOffset At);

/// <summary>
/// A loopback Kestrel server standing in for generativelanguage.googleapis.com. Each test scripts
/// <see cref="Respond"/>, which gets the request number (1-based) and may write any status, headers and body.
/// </summary>
public sealed class FakeGemini : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<SeenGeminiRequest> requests = new();
    private int count;
    private int inFlight;
    private int maxInFlight;

    private FakeGemini(WebApplication app) => this.app = app;

    public Func<HttpContext, int, Task> Respond { get; set; } = (context, _) => Reply(context, 200, GeminiFixtures.VisionSuccess);

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<SeenGeminiRequest> Requests => [.. requests.OrderBy(r => r.Number)];

    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    /// <summary>Completes when a request's connection is aborted by the client before the reply was sent.</summary>
    public TaskCompletionSource ClientAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first request has arrived.</summary>
    public TaskCompletionSource FirstRequestArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeGemini> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var fake = new FakeGemini(builder.Build());
        fake.app.Run(fake.HandleAsync);
        await fake.app.StartAsync();
        var address = fake.app.Urls.Single();
        fake.BaseUrl = new Uri(address + "/v1beta/");
        return fake;
    }

    public static async Task Reply(HttpContext context, int status, string body, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref count);
        var now = Interlocked.Increment(ref inFlight);
        UpdateMax(now);
        using var aborted = context.RequestAborted.Register(() =>
        {
            if (!context.Response.HasStarted)
            {
                ClientAborted.TrySetResult();
            }
        });
        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
            requests.Enqueue(new SeenGeminiRequest(
                number, context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers["x-goog-api-key"].FirstOrDefault(),
                context.Request.QueryString.Value ?? "", body, DateTimeOffset.UtcNow));
            FirstRequestArrived.TrySetResult();
            await Respond(context, number);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; the registration above has noted it.
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private void UpdateMax(int now)
    {
        int seen;
        while (now > (seen = Volatile.Read(ref maxInFlight)) && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen)
        {
        }
    }
}
