using System.Collections.Concurrent;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.Identity.Contracts;
using ProductDescriber.Identity.Tokens;

namespace ProductDescriber.Identity.Tests;

/// <summary>
/// The rules that keep <see cref="SessionCache"/> from ever answering with a revoked session, each on its own: a bus
/// that stands still under the test's control plays the event bus, so every interleaving is exact.
/// </summary>
public sealed class SessionCacheRulesTests
{
    private static readonly CachedSession Stamp1 = new("stamp-1", "MEMBER");

    [Fact]
    public void A_stored_session_is_found_while_the_bus_keeps_listening()
    {
        var bus = new ControlledBus { ListeningEpoch = 1 };
        using var cache = new SessionCache(bus);

        cache.Store(7, Stamp1, cache.BeginRead());

        Assert.Same(Stamp1, cache.Find(7));
        Assert.Null(cache.Find(8));
    }

    [Fact]
    public void Nothing_is_kept_or_found_while_the_bus_is_not_listening()
    {
        var bus = new ControlledBus { ListeningEpoch = null };
        using var cache = new SessionCache(bus);

        cache.Store(7, Stamp1, cache.BeginRead());
        Assert.Equal(0, cache.Count);

        bus.ListeningEpoch = 1;
        cache.Store(7, Stamp1, cache.BeginRead());
        bus.ListeningEpoch = null;
        Assert.Null(cache.Find(7));
    }

    [Fact]
    public void A_session_stored_in_an_earlier_listening_period_is_not_trusted_in_a_later_one()
    {
        var bus = new ControlledBus { ListeningEpoch = 1 };
        using var cache = new SessionCache(bus);
        cache.Store(7, Stamp1, cache.BeginRead());

        bus.ListeningEpoch = 3; // Lost and listening again: revocations may have been missed in between.

        Assert.Null(cache.Find(7));
    }

    [Fact]
    public void A_read_that_began_in_one_period_is_not_stored_in_the_next()
    {
        var bus = new ControlledBus { ListeningEpoch = 1 };
        using var cache = new SessionCache(bus);

        var ticket = cache.BeginRead();
        bus.ListeningEpoch = 3;
        cache.Store(7, Stamp1, ticket);

        Assert.Null(cache.Find(7));
    }

    [Fact]
    public void A_revocation_announced_on_the_bus_evicts_the_user()
    {
        var bus = new ControlledBus { ListeningEpoch = 1 };
        using var cache = new SessionCache(bus);
        cache.Store(7, Stamp1, cache.BeginRead());
        cache.Store(8, Stamp1, cache.BeginRead());

        bus.Emit(SessionsRevoked.Topic, new SessionsRevoked(7).ToPayload());

        Assert.Null(cache.Find(7));
        Assert.Same(Stamp1, cache.Find(8));
    }

    [Fact]
    public void A_read_that_raced_a_revocation_is_not_stored()
    {
        var bus = new ControlledBus { ListeningEpoch = 1 };
        using var cache = new SessionCache(bus);

        // The read saw the old stamp; the revocation's eviction ran before the read stored it.
        var ticket = cache.BeginRead();
        bus.Emit(SessionsRevoked.Topic, new SessionsRevoked(7).ToPayload());
        cache.Store(7, Stamp1, ticket);

        Assert.Null(cache.Find(7));
    }

    [Fact]
    public void The_bus_listening_again_empties_the_cache()
    {
        var bus = new ControlledBus { ListeningEpoch = 1 };
        using var cache = new SessionCache(bus);
        cache.Store(7, Stamp1, cache.BeginRead());

        bus.Emit(IEventBus.ResumedTopic, string.Empty);

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_payload_that_is_not_a_revocation_evicts_nothing()
    {
        var bus = new ControlledBus { ListeningEpoch = 1 };
        using var cache = new SessionCache(bus);
        cache.Store(7, Stamp1, cache.BeginRead());

        bus.Emit(SessionsRevoked.Topic, "{\"userId\":\"seven\"}");

        Assert.Same(Stamp1, cache.Find(7));
    }

    [Fact]
    public void Disposing_the_cache_lets_go_of_its_subscriptions()
    {
        var bus = new ControlledBus { ListeningEpoch = 1 };
        var cache = new SessionCache(bus);
        Assert.Equal(2, bus.SubscriberCount);

        cache.Dispose();

        Assert.Equal(0, bus.SubscriberCount);
    }

    /// <summary>Delivers synchronously on <see cref="Emit"/>; its listening period is whatever the test sets.</summary>
    private sealed class ControlledBus : IEventBus
    {
        private readonly ConcurrentDictionary<IObserver<string>, string> _observers = new();

        public long? ListeningEpoch { get; set; }

        public int SubscriberCount => _observers.Count;

        public Task PublishAsync(string topic, string payload, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The cache never publishes.");

        public IObservable<string> Observe(string topic) => new Topic(this, topic);

        public void Emit(string topic, string payload)
        {
            foreach (var (observer, observed) in _observers)
            {
                if (observed == topic)
                {
                    observer.OnNext(payload);
                }
            }
        }

        private sealed class Topic(ControlledBus bus, string name) : IObservable<string>
        {
            public IDisposable Subscribe(IObserver<string> observer)
            {
                bus._observers[observer] = name;
                return new Unsubscribe(() => bus._observers.TryRemove(observer, out _));
            }
        }

        private sealed class Unsubscribe(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }
}
