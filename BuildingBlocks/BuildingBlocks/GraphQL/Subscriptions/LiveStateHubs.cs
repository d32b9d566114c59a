using System.Runtime.CompilerServices;
using ProductDescriber.BuildingBlocks.Events;

namespace ProductDescriber.BuildingBlocks.GraphQL.Subscriptions;

/// <summary>
/// The hubs of one event bus, hence of one Host (tests run several Hosts in one process; each has its own bus and so
/// its own hubs). One lock guards who watches what: joining, leaving, and a hub ending are short and never read.
/// </summary>
internal sealed class LiveStateHubs
{
    private static readonly ConditionalWeakTable<IEventBus, LiveStateHubs> ByBus = [];

    private readonly Dictionary<LiveStateKey, ILiveStateHub> _hubs = [];

    public Lock Gate { get; } = new();

    public static LiveStateHubs Of(IEventBus bus) => ByBus.GetValue(bus, _ => new LiveStateHubs());

    public IDisposable Join<T>(LiveStateKey key, LiveStateSource<T> source, IObserver<T> observer)
        where T : class
    {
        var watcher = new LiveStateWatcher<T>(observer);
        LiveStateHub<T> hub;
        T? state;
        long version;
        lock (Gate)
        {
            if (_hubs.TryGetValue(key, out var existing) && ((LiveStateHub<T>)existing).TryJoin(watcher, out state, out version))
            {
                hub = (LiveStateHub<T>)existing;
            }
            else
            {
                // None yet, or the one there is ending (final state, NOT_FOUND): a new one reads afresh.
                hub = new LiveStateHub<T>(this, key, source);
                _hubs[key] = hub;
                hub.TryJoin(watcher, out state, out version);
                hub.Start();
            }
        }

        watcher.Joined(hub);

        // State first: the last state the hub emitted, unless a newer one reached the watcher meanwhile. None yet
        // means the hub's first read is under way, and its result goes to every watcher.
        if (state is not null)
        {
            watcher.Deliver(state, version);
        }

        return watcher;
    }

    /// <summary>Forgets <paramref name="hub"/> if it is still the one for <paramref name="key"/>. Call under <see cref="Gate"/>.</summary>
    public void Forget(LiveStateKey key, ILiveStateHub hub)
    {
        if (_hubs.TryGetValue(key, out var current) && ReferenceEquals(current, hub))
        {
            _hubs.Remove(key);
        }
    }
}

internal interface ILiveStateHub;
