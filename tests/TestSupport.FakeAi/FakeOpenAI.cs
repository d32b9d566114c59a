using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ProductDescriber.TestSupport.FakeAi;

/// <summary>A request as the fake saw it.</summary>
public sealed record SeenOpenAIRequest(string Method, string Path, string? Authorization, string? ContentType, byte[] Body, DateTimeOffset At)
{
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A stand-in for api.openai.com on a loopback Kestrel port: records each request, counts calls in flight and
/// answers through <see cref="Reply"/> (given the request and its 0-based number).
/// </summary>
public sealed class FakeOpenAI : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _inFlight;
    private int _count;

    private FakeOpenAI(WebApplication app) => _app = app;

    public Func<HttpContext, int, Task> Reply { get; set; } = (ctx, _) => Answer.Json(ctx, 500, "{}");

    public ConcurrentQueue<SeenOpenAIRequest> Requests { get; } = new();

    public int MaxInFlight { get; private set; }

    /// <summary>Completes when a request's connection is aborted by the client.</summary>
    public TaskCompletionSource Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first request has arrived.</summary>
    public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FakeOpenAI> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeOpenAI(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/v1/");
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        lock (Requests)
        {
            MaxInFlight = Math.Max(MaxInFlight, inFlight);
        }

        try
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            Requests.Enqueue(new SeenOpenAIRequest(
                context.Request.Method, context.Request.Path, context.Request.Headers.Authorization,
                context.Request.ContentType, body.ToArray(), DateTimeOffset.UtcNow));
            context.RequestAborted.Register(() => Aborted.TrySetResult());
            Arrived.TrySetResult();
            await Reply(context, Interlocked.Increment(ref _count) - 1);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Ways of answering.</summary>
public static class Answer
{
    public static async Task Json(HttpContext context, int status, string json, string? retryAfter = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    /// <summary>Holds the request until the client gives up (or a minute passes), then answers 500.</summary>
    public static async Task Hang(HttpContext context)
    {
        await Task.Delay(TimeSpan.FromMinutes(1), context.RequestAborted);
        await Json(context, 500, "{}");
    }

    public static string Error(string message, string type, string? code) =>
        System.Text.Json.JsonSerializer.Serialize(new { error = new { message, type, param = (string?)null, code } });
}
