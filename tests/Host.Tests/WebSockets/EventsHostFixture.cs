using ProductDescriber.PostgreSQL.Events;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.WebSockets;

/// <summary>One Host with the <c>testEvents</c> subscription per test class, and an admin logged in over HTTP.</summary>
public class EventsHostFixture : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;

    public GraphQLClient Admin { get; private set; } = null!;

    public string AdminToken => Admin.Token!;

    protected virtual IDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync()
    {
        Host = await TestHost.StartAsync("ws", Settings, TestEventsContributor.Register);
        Admin = await Host.AdminAsync();
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>Local subscribers of a <c>testEvents</c> topic, as the event bus counts them.</summary>
    internal int SubscriberCount(string topic) => Host.GetService<PostgresEventBus>().SubscriberCount(TestEventsContributor.TopicPrefix + topic);

    /// <summary>Waits (generously) until the bus has <paramref name="expected"/> subscribers for the topic.</summary>
    internal Task WaitForSubscriberCountAsync(string topic, int expected) =>
        Eventually.AssertAsync(() => Assert.Equal(expected, SubscriberCount(topic)), TimeSpan.FromSeconds(20));
}
