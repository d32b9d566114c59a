using ProductDescriber.Host.Tests.WebSockets;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Events;

/// <summary>Two Hosts on one database: an event published on either reaches subscribers on both (LISTEN/NOTIFY).</summary>
public sealed class EventsAcrossHostsTests(EventsAcrossHostsTests.TwoHostsFixture hosts) : IClassFixture<EventsAcrossHostsTests.TwoHostsFixture>
{
    [Theory]
    [InlineData("A", "B")]
    [InlineData("B", "A")]
    public async Task Event_published_on_one_host_reaches_a_subscriber_on_the_other(string subscribeOn, string publishOn)
    {
        var (subscriberHost, subscriberAdmin) = hosts[subscribeOn];
        var (_, publisherAdmin) = hosts[publishOn];
        var topic = TestEvents.NewTopic();
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(subscriberHost.WebSocketUrl, subscriberAdmin.Token);
        await socket.SubscribeToTestEventsAsync("s", topic);

        // Warm-up goes through the other Host too, so the first event received already crossed over.
        await socket.PublishUntilReceivedAsync("s", publisherAdmin, topic);
        await publisherAdmin.PublishAsync(topic, $"from {publishOn}");

        Assert.Equal($"from {publishOn}", await socket.ReceiveEventAsync("s"));
    }

    public sealed class TwoHostsFixture : IAsyncLifetime
    {
        private TestHost _a = null!;
        private TestHost _b = null!;
        private GraphQLClient _adminA = null!;
        private GraphQLClient _adminB = null!;

        public (TestHost Host, GraphQLClient Admin) this[string name] => name == "A" ? (_a, _adminA) : (_b, _adminB);

        public async Task InitializeAsync()
        {
            _a = await TestHost.StartAsync("hosta", services: TestEventsContributor.Register);
            _b = await TestHost.StartAsync("hostb", services: TestEventsContributor.Register, connectionString: _a.ConnectionString);
            _adminA = await _a.AdminAsync();
            _adminB = await _b.AdminAsync();
        }

        public async Task DisposeAsync()
        {
            _adminA.Dispose();
            _adminB.Dispose();
            await _b.DisposeAsync();
            await _a.DisposeAsync();
        }
    }
}
