using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ProductDescriber.Host.Tests.Telemetry;

/// <summary>
/// A loopback Kestrel server that records every request and answers with a fixed status and an empty body: an
/// OTLP collector (an empty protobuf message is a valid export response) or an AI API that refuses.
/// </summary>
internal sealed class RecordingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private RecordingServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<RecordingServer> StartAsync(int status = StatusCodes.Status200OK, string? contentType = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new RecordingServer(builder.Build());
        server._app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            server._requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType ?? context.Request.ContentType;
        });
        await server._app.StartAsync();
        server.BaseUrl = new Uri(server._app.Urls.Single());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record RecordedRequest(string Method, string Path, string? ContentType, byte[] Body);
