using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Net.WebSockets;
using ProductDescriber.TestSupport;
using Xunit.Abstractions;

namespace ProductDescriber.Host.Tests.WebSockets;

/// <summary>
/// SIGTERM (what service managers and container runtimes send) with subscriptions open: the WebSocket client hears
/// 1001 Going Away, which graphql-ws clients answer by reconnecting and resubscribing, the event stream ends without
/// <c>complete</c> (so graphql-sse clients reconnect too), and the process is gone within seconds instead of holding
/// both until the 30 s shutdown timeout and then dropping them (1006).
/// </summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Sigterm_says_going_away_to_sockets_ends_event_streams_and_the_host_exits_within_seconds()
    {
        await using var host = HostProcess.StartWithTestEvents(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = await TestDatabase.CreateAsync("shutdown"),
            ["SECRET_KEY"] = TestHost.SecretKey,
            ["ADMIN_PASSWORD"] = TestHost.AdminPassword,
            ["Identity__BcryptWorkFactor"] = "10",
        });
        var url = await host.WaitForUrlAsync(StartTimeout);
        using var admin = new GraphQLClient(new HttpClient { BaseAddress = url });
        await admin.LoginAsync("admin", TestHost.AdminPassword);
        var topic = TestEvents.NewTopic();
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(new UriBuilder(url) { Scheme = "ws" }.Uri, admin.Token);
        await socket.SubscribeToTestEventsAsync("s", topic);
        await socket.PublishUntilReceivedAsync("s", admin, topic);
        using var sse = await OpenEventStreamAsync(admin, topic);
        var streamed = SseParser.Create(await sse.Content.ReadAsStreamAsync()).EnumerateAsync().GetAsyncEnumerator();
        await streamed.PublishUntilStreamedAsync(admin, topic);

        var stopping = Stopwatch.StartNew();
        var exited = host.TerminateAsync(TimeSpan.FromSeconds(60));
        var close = await CloseStatusAsync(socket);
        var streamEnd = await StreamEndAsync(streamed);
        var exitCode = await exited;
        var elapsed = stopping.Elapsed;

        var seen = close is { } status ? $"close {(int)status}" : "no close frame: the connection dropped (1006)";
        output.WriteLine($"After SIGTERM: WebSocket {seen}; event stream {streamEnd}; the Host exited with {exitCode} after {elapsed.TotalSeconds:0.00} s.");
        Assert.True(close == WebSocketCloseStatus.EndpointUnavailable, $"Expected close 1001 (Going Away), got {seen}; the Host exited after {elapsed.TotalSeconds:0.0} s.");
        Assert.Equal("ended without complete", streamEnd);
        Assert.Equal(0, exitCode);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"The Host took {elapsed.TotalSeconds:0.0} s to exit.\n{host.Output}");
    }

    private static async Task<HttpResponseMessage> OpenEventStreamAsync(GraphQLClient client, string topic)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = TestEvents.Subscription, variables = new { topic } }),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);
        var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    /// <summary>How the event stream ended: cleanly with or without <c>complete</c>, or dropped with the connection.</summary>
    private static async Task<string> StreamEndAsync(IAsyncEnumerator<SseItem<string>> events)
    {
        var completed = false;
        try
        {
            while (await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60)))
            {
                completed |= events.Current.EventType == "complete";
            }
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            return "dropped";
        }

        return completed ? "ended with complete" : "ended without complete";
    }

    /// <summary>
    /// The close status the server sent, or null when the connection dropped without one. The close is answered at
    /// once, as browsers and the <c>ws</c> package do (.NET's client waits to be told).
    /// </summary>
    private static async Task<WebSocketCloseStatus?> CloseStatusAsync(GraphQLWsTestClient socket)
    {
        try
        {
            var status = await socket.ReceiveCloseAsync(TimeSpan.FromSeconds(60));
            await socket.DisposeAsync();
            return status;
        }
        catch (WebSocketException)
        {
            return null;
        }
    }
}
