using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Events;

namespace ProductDescriber.BuildingBlocks.GraphQL.Subscriptions;

/// <summary>
/// State-first subscriptions over the live-only, at-most-once <see cref="IEventBus"/> (docs/adr/0025): events only
/// say "look again", the state itself is always read from the database, so a late subscriber or one whose bus
/// connection dropped never waits for an event it missed.
/// </summary>
public static class LiveState
{
    /// <summary>
    /// The current state first, then each change, ending after a final state. Listens on <paramref name="topic"/>
    /// and on <see cref="IEventBus.ResumedTopic"/> BEFORE the first read (so nothing falls between), re-reads the
    /// state on every event (reads serialized, bursts coalesced), emits only when the state differs from the last
    /// emitted (<paramref name="comparer"/>, default <see cref="EqualityComparer{T}.Default"/>), completes after
    /// emitting a state where <paramref name="isFinal"/> is true. A read returning null ends the stream with an
    /// ExecutionError code NOT_FOUND. <paramref name="read"/> is called with a fresh DI scope each time (DbContexts
    /// are not thread-safe). A read that finds the database unreachable waits for the next event (the bus signals
    /// when it is back) instead of ending the stream. Disposing the subscription stops listening and cancels a read
    /// in flight.
    /// </summary>
    public static IObservable<T> Watch<T>(
        IServiceScopeFactory scopes,
        IEventBus bus,
        string topic,
        Func<IServiceProvider, CancellationToken, Task<T?>> read,
        Func<T, bool> isFinal,
        IEqualityComparer<T>? comparer = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(isFinal);
        return new LiveStateStream<T>(new LiveStateSource<T>(scopes, bus, topic, read, isFinal, comparer ?? EqualityComparer<T>.Default));
    }
}

internal sealed record LiveStateSource<T>(
    IServiceScopeFactory Scopes,
    IEventBus Bus,
    string Topic,
    Func<IServiceProvider, CancellationToken, Task<T?>> Read,
    Func<T, bool> IsFinal,
    IEqualityComparer<T> Comparer)
    where T : class;

/// <summary>Cold: each subscriber gets its own watch, with its own reads.</summary>
internal sealed class LiveStateStream<T>(LiveStateSource<T> source) : IObservable<T>
    where T : class
{
    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var watch = new LiveStateWatch<T>(source, observer);
        watch.Start();
        return watch;
    }
}
