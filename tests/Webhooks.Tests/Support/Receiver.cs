using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ProductDescriber.Webhooks.Tests.Support;

/// <summary>
/// A webhook receiver on a real Kestrel port on 127.0.0.1: records every POST (path, headers, body) and answers as
/// the test scripted for that path (by call number); unscripted paths answer 204.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<int, HttpContext, Task>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    private Receiver(WebApplication app) => _app = app;

    public int Port { get; private set; }

    /// <summary>The address the Host is allowed to send to (Webhooks:AllowedHosts).</summary>
    public string AllowedHost => $"127.0.0.1:{Port}";

    public static async Task<Receiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Port = new Uri(app.Urls.First()).Port;
        return receiver;
    }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    /// <summary>How <paramref name="path"/> answers its n-th call (1-based).</summary>
    public void Script(string path, Func<int, HttpContext, Task> answer) => _scripts[path] = answer;

    public IReadOnlyList<ReceivedRequest> On(string path) => [.. _received.Where(r => r.Path == path)];

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.TrimStart('/');
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var call = _calls.AddOrUpdate(path, 1, (_, n) => n + 1);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        if (_scripts.TryGetValue(path, out var script))
        {
            await script(call, context);
        }
        else
        {
            context.Response.StatusCode = 204;
        }

        _received.Enqueue(new ReceivedRequest(path, call, headers, body, context.Response.StatusCode));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One POST as received, and the status the receiver answered.</summary>
public sealed record ReceivedRequest(string Path, int Call, IReadOnlyDictionary<string, string> Headers, string Body, int Answered);
