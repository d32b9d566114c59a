using System.Globalization;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.WebSockets;

/// <summary>
/// A client that stops reading must never hold up the publisher or other subscribers. The Host promises
/// (GraphQLWsConnection.Enqueue) to drop a socket whose outbox of <c>WebSockets:MaxPendingMessages</c> is full.
/// </summary>
public sealed class GraphQLWsSlowClientTests(GraphQLWsSlowClientTests.SmallOutboxHostFixture fixture) : IClassFixture<GraphQLWsSlowClientTests.SmallOutboxHostFixture>
{
    private const int Events = 2000;

    // Large events fill the kernel's socket buffers (a few MB on loopback) so the stalled client really backs up.
    private static readonly string Padding = new('p', 4000);

    private Uri Url => fixture.Host.WebSocketUrl;

    [Fact]
    public async Task Stalled_subscriber_is_disconnected_while_publisher_and_other_subscriber_keep_going()
    {
        var topic = TestEvents.NewTopic();
        await using var stalled = await SubscribeAsync("stalled", topic);
        await using var reader = await SubscribeAsync("reader", topic);
        Assert.Equal(2, fixture.SubscriberCount(topic));

        // From here on nobody calls ReceiveAsync on the stalled socket; it stays open. The publisher goes in chunks
        // that the healthy reader drains in between: a reader that keeps up is the premise here, and on a loaded
        // machine a tight loop could legitimately leave even a reading client 256 events behind (and cut off).
        const int chunk = 100;
        var bus = fixture.Host.GetService<IEventBus>();
        var received = new List<(string Id, string Event)>();
        for (var start = 0; start < Events; start += chunk)
        {
            for (var i = start; i < start + chunk; i++)
            {
                await bus.PublishAsync(TestEventsContributor.TopicPrefix + topic, $"{i}:{Padding}").WaitAsync(TimeSpan.FromSeconds(30));
            }

            received.AddRange(await reader.ReceiveEventsAsync(chunk).WaitAsync(TimeSpan.FromMinutes(1)));
        }

        Assert.All(received, e => Assert.Equal("reader", e.Id));
        Assert.Equal(Enumerable.Range(0, Events), received.Select(e => int.Parse(e.Event[..e.Event.IndexOf(':')], CultureInfo.InvariantCulture)).Order());

        // The stalled socket was dropped (its subscription released) and got only part of the events.
        await fixture.WaitForSubscriberCountAsync(topic, 1);
        var leftOver = await stalled.ReadUntilEndAsync(TimeSpan.FromSeconds(30));
        var eventsSeen = leftOver.Count(m => m.Json("type") == "next" && TestEvents.EventOf(m.GetProperty("payload")).Contains(':', StringComparison.Ordinal));
        Assert.InRange(eventsSeen, 0, Events - 1);
    }

    private async Task<GraphQLWsTestClient> SubscribeAsync(string id, string topic)
    {
        var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);
        await socket.SubscribeToTestEventsAsync(id, topic);
        await socket.PublishUntilReceivedAsync(id, fixture.Admin, topic);
        return socket;
    }

    public sealed class SmallOutboxHostFixture : EventsHostFixture
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["WebSockets:MaxPendingMessages"] = "64" };
    }
}
