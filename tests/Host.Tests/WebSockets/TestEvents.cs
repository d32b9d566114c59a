using System.Net.ServerSentEvents;
using System.Text.Json;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.WebSockets;

/// <summary>Publishing and receiving <c>testEvents</c> in tests.</summary>
internal static class TestEvents
{
    public const string Subscription = "subscription($topic: String!) { testEvents(topic: $topic) }";
    public const string Publish = "mutation($topic: String!, $message: String!) { publishTestEvent(topic: $topic, message: $message) }";
    private const string WarmUp = "warm-up-";

    public static string NewTopic() => $"t{Guid.NewGuid():N}";

    public static async Task PublishAsync(this GraphQLClient http, string topic, string message)
    {
        var data = await http.QueryAsync(Publish, new { topic, message });
        Assert.True(data.GetProperty("publishTestEvent").GetBoolean());
    }

    /// <summary>The SSE twin of <see cref="PublishUntilReceivedAsync"/>: publish warm-up events until the stream yields one.</summary>
    public static async Task PublishUntilStreamedAsync(this IAsyncEnumerator<SseItem<string>> events, GraphQLClient publisher, string topic)
    {
        var next = events.MoveNextAsync().AsTask();
        var deadline = DateTime.UtcNow + GraphQLWsTestClient.DefaultTimeout;
        while (!next.IsCompleted && DateTime.UtcNow < deadline)
        {
            await publisher.PublishAsync(topic, "warm-up");
            await Task.WhenAny(next, Task.Delay(200));
        }

        Assert.True(next.IsCompleted && await next, "No event arrived on the stream.");
    }

    public static Task SubscribeToTestEventsAsync(this GraphQLWsTestClient socket, string id, string topic) =>
        socket.SubscribeAsync(id, Subscription, new { topic });

    /// <summary>
    /// The server registers a subscription asynchronously after <c>subscribe</c>: publish warm-up events until
    /// one arrives for <paramref name="id"/>, so later events are certain to be delivered. Warm-up events of
    /// other subscriptions on the same topic are skipped.
    /// </summary>
    public static async Task PublishUntilReceivedAsync(this GraphQLWsTestClient socket, string id, GraphQLClient http, string topic)
    {
        var deadline = DateTime.UtcNow + GraphQLWsTestClient.DefaultTimeout;
        for (var attempt = 0; DateTime.UtcNow < deadline; attempt++)
        {
            await http.PublishAsync(topic, WarmUp + attempt);
            while (await socket.TryReceiveAsync(TimeSpan.FromMilliseconds(250)) is { } message)
            {
                var (messageId, value) = Parse(message);
                Assert.True(value.StartsWith(WarmUp, StringComparison.Ordinal), $"Unexpected event while warming up: {message}");
                if (messageId == id)
                {
                    return;
                }
            }
        }

        Assert.Fail($"No event arrived for subscription {id} on {topic}.");
    }

    /// <summary>The next <paramref name="count"/> events (id and value), skipping late warm-up events.</summary>
    public static async Task<List<(string Id, string Event)>> ReceiveEventsAsync(this GraphQLWsTestClient socket, int count)
    {
        var events = new List<(string Id, string Event)>();
        while (events.Count < count)
        {
            var message = await socket.TryReceiveAsync(GraphQLWsTestClient.DefaultTimeout)
                ?? throw new TimeoutException($"Only {events.Count} of {count} events arrived (last: {events.LastOrDefault().Event?[..Math.Min(20, events.Last().Event.Length)]}).");
            var received = Parse(message);
            if (!received.Event.StartsWith(WarmUp, StringComparison.Ordinal))
            {
                events.Add(received);
            }
        }

        return events;
    }

    /// <summary>The next event, which must belong to <paramref name="id"/>; late warm-up events are skipped.</summary>
    public static async Task<string> ReceiveEventAsync(this GraphQLWsTestClient socket, string id)
    {
        var (receivedId, value) = Assert.Single(await socket.ReceiveEventsAsync(1));
        Assert.True(receivedId == id, $"Expected an event for {id}, got {value} for {receivedId}");
        return value;
    }

    /// <summary>
    /// Ping, then read up to the pong (skipping warm-up events): the server has handled every message sent before,
    /// and everything it queued before has been read.
    /// </summary>
    public static async Task RoundTripAsync(this GraphQLWsTestClient socket)
    {
        await socket.SendAsync(new { type = "ping" });
        while (await socket.ReceiveAsync() is var message && message.Json("type") != "pong")
        {
            Assert.StartsWith(WarmUp, Parse(message).Event);
        }
    }

    private static (string Id, string Event) Parse(JsonElement message)
    {
        Assert.True(message.Json("type") == "next", $"Expected a next message, got {message}");
        return (message.Json("id"), EventOf(message.GetProperty("payload")));
    }

    public static string EventOf(JsonElement payload)
    {
        Assert.False(payload.TryGetProperty("errors", out var errors), $"Unexpected errors: {errors}");
        return payload.Json("data", "testEvents");
    }
}
