using System.Collections.Concurrent;
using System.Globalization;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.Host.Tests.WebSockets;
using ProductDescriber.PostgreSQL.Events;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Events;

/// <summary>The event bus itself: a blocked observer loses its oldest events but holds up no one.</summary>
public sealed class PostgresEventBusTests(EventsHostFixture fixture) : IClassFixture<EventsHostFixture>
{
    private const int Events = 2000;
    private static readonly string Last = (Events - 1).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_topic_is_forgotten_with_its_last_subscriber()
    {
        var bus = fixture.Host.GetService<PostgresEventBus>();
        var before = bus.TopicCount;
        var subscriptions = Enumerable.Range(0, 100)
            .SelectMany(i => new[] { bus.Observe($"forget:{i}").Subscribe(new Recorder()), bus.Observe($"forget:{i}").Subscribe(new Recorder()) })
            .ToList();
        Assert.Equal(before + 100, bus.TopicCount);

        foreach (var subscription in subscriptions.Where((_, index) => index % 2 == 0))
        {
            subscription.Dispose();
        }

        Assert.Equal(before + 100, bus.TopicCount);
        Assert.Equal(1, bus.SubscriberCount("forget:7"));

        await Parallel.ForEachAsync(subscriptions, (subscription, _) =>
        {
            subscription.Dispose();
            return ValueTask.CompletedTask;
        });
        Assert.Equal(before, bus.TopicCount);
    }

    [Fact]
    public async Task Blocked_observer_never_holds_up_the_publisher_or_other_observers()
    {
        await fixture.Host.GetService<PostgresEventBus>().Listening;
        var bus = fixture.Host.GetService<IEventBus>();
        var topic = $"bus-test:{Guid.NewGuid():N}";
        using var gate = new ManualResetEventSlim();
        var fast = new Recorder();
        var blocked = new Recorder(gate);
        using var fastSubscription = bus.Observe(topic).Subscribe(fast);
        using var blockedSubscription = bus.Observe(topic).Subscribe(blocked);

        for (var i = 0; i < Events; i++)
        {
            await bus.PublishAsync(topic, i.ToString(CultureInfo.InvariantCulture)).WaitAsync(TimeSpan.FromSeconds(30));
        }

        await fast.WaitForAsync(Events);
        Assert.Equal(Enumerable.Range(0, Events), fast.Received.Select(int.Parse));

        // The blocked observer holds one event; of the rest it keeps only the newest its queue can hold.
        await blocked.WaitForAsync(1);
        Assert.Single(blocked.Received);
        gate.Set();
        await blocked.WaitForAsync(_ => blocked.Received.Last() == Last);
        var kept = blocked.Received.Skip(1).Select(int.Parse).ToList();
        Assert.InRange(kept.Count, 1, PostgresEventBus.SubscriberQueueLength);
        Assert.Equal(Enumerable.Range(Events - kept.Count, kept.Count), kept);
    }

    [Fact]
    public async Task The_resumed_topic_fires_when_the_bus_first_listens_too()
    {
        // A bus of its own on the fixture's database, subscribed before it starts: as a live subscription that read
        // its state while the Host served before the bus listened.
        using var bus = new PostgresEventBus(
            fixture.Host.GetService<PostgreSQL.Connection.DatabaseConnection>(),
            fixture.Host.GetService<BuildingBlocks.Hosting.StartupTimeline>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresEventBus>.Instance);
        var resumed = new Recorder();
        using var subscription = bus.Observe(IEventBus.ResumedTopic).Subscribe(resumed);

        await bus.StartAsync(CancellationToken.None);
        try
        {
            await bus.Listening.WaitAsync(TimeSpan.FromMinutes(1));
            await resumed.WaitForAsync(1);
            Assert.Equal([string.Empty], resumed.Received);
            Assert.NotNull(bus.ListeningEpoch);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private sealed class Recorder(ManualResetEventSlim? gate = null) : IObserver<string>
    {
        private readonly ConcurrentQueue<string> _received = new();

        public IReadOnlyCollection<string> Received => _received;

        public void OnNext(string value)
        {
            _received.Enqueue(value);
            gate?.Wait(TimeSpan.FromMinutes(2));
        }

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }

        public Task WaitForAsync(int count) => WaitForAsync(n => n >= count);

        public Task WaitForAsync(Func<int, bool> done) =>
            Eventually.AssertAsync(() => Assert.True(done(_received.Count), $"Only {_received.Count} events arrived."), TimeSpan.FromMinutes(1));
    }
}
