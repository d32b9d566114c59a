using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Http;

/// <summary>GraphQL over server-sent events (distinct connections): <c>next</c> events, then <c>complete</c>.</summary>
public sealed class ServerSentEventsTests(SseHostFixture fixture) : IClassFixture<SseHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TestHost _host = fixture.Host;
    private readonly HttpClient _http = fixture.Http;
    private readonly string _adminToken = fixture.AdminToken;

    [Fact]
    public async Task A_query_streams_one_next_event_then_complete()
    {
        using var response = await OpenAsync("""{"query":"{ echo(text: \"over sse\") }"}""");
        var events = await ReadAllAsync(response);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["next", "complete"], events.Select(e => e.EventType));
        Assert.Equal("over sse", Json(events[0]).GetProperty("data").Json("echo"));
    }

    [Fact]
    public async Task A_subscription_receives_published_events()
    {
        var topic = $"sse-{Guid.NewGuid():N}";
        using var response = await OpenAsync(RawHttp.Json(new { query = $"subscription {{ testEvents(topic: \"{topic}\") }}" }), _adminToken);
        await using var events = SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync().GetAsyncEnumerator();

        var first = await PublishUntilReceivedAsync(events, topic, "hello over sse");

        Assert.Equal("next", first.EventType);
        Assert.Equal("hello over sse", Json(first).GetProperty("data").Json("testEvents"));
    }

    [Fact]
    public async Task Closing_the_response_ends_the_subscription_on_the_server()
    {
        var probe = _host.GetService<HttpTestProbe>();
        var topic = $"sse-close-{Guid.NewGuid():N}";
        var response = await OpenAsync(RawHttp.Json(new { query = $"subscription {{ trackedTestEvents(topic: \"{topic}\") }}" }), _adminToken);
        var events = SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync().GetAsyncEnumerator();
        var first = await PublishUntilReceivedAsync(events, topic, "before close");
        Assert.Equal("before close", Json(first).GetProperty("data").Json("trackedTestEvents"));
        Assert.Equal(1, probe.LiveSubscriptions);

        await events.DisposeAsync();
        response.Dispose();

        await Eventually.AssertAsync(() => Assert.Equal(0, probe.LiveSubscriptions), Patience);
    }

    [Fact]
    public async Task An_unauthenticated_subscription_gets_an_error_event_and_the_stream_ends()
    {
        using var response = await OpenAsync("""{"query":"subscription { testEvents(topic: \"anonymous\") }"}""");
        var events = await ReadAllAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["next", "complete"], events.Select(e => e.EventType));
        var errors = Json(events[0]).GetProperty("errors");
        Assert.Equal("UNAUTHENTICATED", errors[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.False(Json(events[0]).TryGetProperty("data", out _));
    }

    [Fact]
    public async Task A_query_over_get_streams_when_a_preflight_header_is_present()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ echo(text: \"get sse\") }"));
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("GraphQL-Preflight", "1");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = await ReadAllAsync(response);

        Assert.Equal(["next", "complete"], events.Select(e => e.EventType));
        Assert.Equal("get sse", Json(events[0]).GetProperty("data").Json("echo"));
    }

    private async Task<HttpResponseMessage> OpenAsync(string json, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = RawHttp.Body(json, "application/json") };
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static async Task<List<SseItem<string>>> ReadAllAsync(HttpResponseMessage response)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token)).EnumerateAsync(timeout.Token))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>The subscription registers asynchronously: publish again and again until the first event arrives.</summary>
    private async Task<SseItem<string>> PublishUntilReceivedAsync(IAsyncEnumerator<SseItem<string>> events, string topic, string message)
    {
        using var publisher = await _host.AdminAsync();
        using var timeout = new CancellationTokenSource(Patience);
        var next = events.MoveNextAsync().AsTask();
        while (!next.IsCompleted && !timeout.IsCancellationRequested)
        {
            await publisher.QueryAsync("mutation($t: String!, $m: String!) { publishTestEvent(topic: $t, message: $m) }", new { t = topic, m = message });
            await Task.WhenAny(next, Task.Delay(200, timeout.Token));
        }

        Assert.True(next.IsCompleted, $"No event arrived within {Patience}.");
        Assert.True(await next, "The stream ended before any event arrived.");
        return events.Current;
    }

    private static JsonElement Json(SseItem<string> item) => JsonDocument.Parse(item.Data).RootElement.Clone();
}

public sealed class SseHostFixture : HttpHostFixture
{
    protected override string Name => "sse";
}
