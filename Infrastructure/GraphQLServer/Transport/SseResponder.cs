using System.Net.Http.Headers;
using System.Text;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http.Features;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.GraphQLServer.Sessions;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Transport;

/// <summary>
/// GraphQL over server-sent events, "distinct connections" mode (enisdenjo/graphql-sse PROTOCOL.md): one request,
/// one stream of <c>next</c> events, then <c>complete</c>. The client ends a subscription by closing the connection.
/// A subscription whose session is revoked ends with an <c>UNAUTHENTICATED</c> error; at shutdown it ends without
/// <c>complete</c>, so the client reconnects and subscribes again.
/// </summary>
internal sealed class SseResponder(GraphQLExecutor executor, IGraphQLTextSerializer serializer, IAccessTokenValidator tokens, LiveConnections connections)
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(12);

    public async Task RespondAsync(HttpContext http, GraphQLRequest request, GraphQLCall call)
    {
        var aborted = http.RequestAborted;
        var result = await executor.ExecuteAsync(request, call with { Transport = "sse" }, aborted);
        if (DatabaseUnavailableError.IsAllOf(result))
        {
            // Nothing is sent yet, so a status says it where clients and proxies look, instead of a stream of one error.
            DatabaseUnavailableError.SetStatus(http.Response);
            http.Response.ContentType = MediaTypes.ContentType(ResponseFormat.Json);
            await serializer.WriteAsync(http.Response.Body, result, aborted);
            return;
        }

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = MediaTypes.ContentType(ResponseFormat.EventStream);
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.WriteAsync(":\n\n", aborted);
        await http.Response.Body.FlushAsync(aborted);

        try
        {
            if (result.Streams is { Count: > 0 } streams)
            {
                using var stream = new LiveEventStream(call.User, BearerToken(http), tokens, aborted);
                using var registration = connections.Add(stream);
                using var pump = SubscriptionPump.Start(streams.Values.Single());
                try
                {
                    await StreamAsync(http, pump, stream.Token, aborted);
                }
                catch (OperationCanceledException) when (stream.Token.IsCancellationRequested && !aborted.IsCancellationRequested)
                {
                    if (!stream.Revoked)
                    {
                        // Stopping: no complete, so the client reconnects (to another node) and subscribes again.
                        return;
                    }

                    await WriteEventAsync(http, "next", new ExecutionResult
                    {
                        Errors = [new ExecutionError("The session was revoked; log in again.") { Code = "UNAUTHENTICATED" }],
                    }, aborted);
                }
            }
            else
            {
                await WriteEventAsync(http, "next", result, aborted);
            }

            await http.Response.WriteAsync("event: complete\ndata:\n\n", aborted);
            await http.Response.Body.FlushAsync(aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client closed the stream: that is how graphql-sse clients unsubscribe.
        }
    }

    /// <summary>
    /// Writes events until the subscription completes or <paramref name="ended"/> fires. Writes themselves take only
    /// <paramref name="aborted"/>: an event is never cut in half.
    /// </summary>
    private async Task StreamAsync(HttpContext http, SubscriptionPump pump, CancellationToken ended, CancellationToken aborted)
    {
        Task<bool>? waiting = null;
        while (true)
        {
            waiting ??= pump.Events.WaitToReadAsync(ended).AsTask();
            var finished = await Task.WhenAny(waiting, Task.Delay(KeepAlive, ended));
            ended.ThrowIfCancellationRequested();
            if (finished != waiting)
            {
                await http.Response.WriteAsync(":\n\n", aborted);
                await http.Response.Body.FlushAsync(aborted);
                continue;
            }

            bool more;
            try
            {
                more = await waiting;
            }
            catch (SlowSubscriberException exception)
            {
                await WriteEventAsync(http, "next", new ExecutionResult { Errors = [new ExecutionError(exception.Message) { Code = "SLOW_SUBSCRIBER" }] }, aborted);
                return;
            }

            waiting = null;
            if (!more)
            {
                return;
            }

            while (pump.Events.TryRead(out var next))
            {
                await WriteEventAsync(http, "next", EventText.Of(next, serializer), aborted);
            }
        }
    }

    /// <summary>The bearer token the request was authenticated with, checked again while the stream lasts.</summary>
    private static string? BearerToken(HttpContext http) =>
        AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var header)
        && header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            ? header.Parameter
            : null;

    private Task WriteEventAsync(HttpContext http, string name, ExecutionResult result, CancellationToken aborted) =>
        WriteEventAsync(http, name, serializer.Serialize(result), aborted);

    private static async Task WriteEventAsync(HttpContext http, string name, string json, CancellationToken aborted)
    {
        var builder = new StringBuilder(json.Length + 32).Append("event: ").Append(name).Append('\n');
        foreach (var line in json.Split('\n'))
        {
            builder.Append("data: ").Append(line).Append('\n');
        }

        await http.Response.WriteAsync(builder.Append('\n').ToString(), aborted);
        await http.Response.Body.FlushAsync(aborted);
    }
}
