using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ProductDescriber.Providers.Tests.Resilience;

/// <summary>
/// A remote AI API stand-in on a loopback Kestrel port: each test scripts <see cref="Reply"/> (given the request and
/// its 1-based number); the server counts requests and calls in flight and notes when a client gives up.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int count;
    private int inFlight;
    private int maxInFlight;

    private ScriptedServer(WebApplication app) => this.app = app;

    public Func<HttpContext, int, Task> Reply { get; set; } = (context, _) => Answer(context, 200, """{"ok":true}""");

    public Uri Url { get; private set; } = null!;

    public int Requests => Volatile.Read(ref count);

    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    /// <summary>Completes when the client aborts a request before its reply was sent.</summary>
    public TaskCompletionSource ClientAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Signalled once per arriving request.</summary>
    public SemaphoreSlim Arrived { get; } = new(0);

    public static async Task<ScriptedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new ScriptedServer(builder.Build());
        server.app.Run(server.HandleAsync);
        await server.app.StartAsync();
        server.Url = new Uri(server.app.Urls.Single() + "/v1/");
        return server;
    }

    public static async Task Answer(HttpContext context, int status, string body, string? retryAfter = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Never answers; ends when the client gives up.</summary>
    public static Task Hang(HttpContext context) => Task.Delay(Timeout.Infinite, context.RequestAborted);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Arrived.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref count);
        var now = Interlocked.Increment(ref inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref maxInFlight)) && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen)
        {
        }

        using var aborted = context.RequestAborted.Register(() =>
        {
            if (!context.Response.HasStarted)
            {
                ClientAborted.TrySetResult();
            }
        });
        try
        {
            Arrived.Release();
            await Reply(context, number);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; noted above.
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }
}
