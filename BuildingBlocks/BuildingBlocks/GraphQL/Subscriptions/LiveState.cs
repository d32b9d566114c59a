using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Events;

namespace ProductDescriber.BuildingBlocks.GraphQL.Subscriptions;

/// <summary>
/// State-first subscriptions over the live-only, at-most-once <see cref="IEventBus"/> (docs/adr/0025): events only
/// say "look again", the state itself is always read from the database, so a late subscriber or one whose bus
/// connection dropped never waits for an event it missed. Subscribers of one topic on one Host share one read per
/// event (docs/adr/0031): a thousand watchers of a product cost one read per change, not a thousand.
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
    /// in flight once no other subscriber watches the topic.
    /// <para>
    /// Shared: every subscriber of the same <paramref name="topic"/>, state type and <paramref name="read"/> method
    /// on this Host gets the states of ONE read loop; a subscriber joining it gets the last state emitted at once.
    /// So <paramref name="read"/> must depend only on what the topic names, never on the subscriber (keep per-user
    /// filtering after the stream, and authorization at subscribe time).
    /// </para>
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
        ArgumentNullException.ThrowIfNull(read);
        return Watch(scopes, bus, topic, read.Method, (scope, _, cancellationToken) => read(scope, cancellationToken), isFinal, comparer);
    }

    /// <summary>
    /// As <see cref="Watch{T}(IServiceScopeFactory, IEventBus, string, Func{IServiceProvider, CancellationToken, Task{T}}, Func{T, bool}, IEqualityComparer{T})"/>,
    /// for a read that builds on the previous one (what changed since it, say): <paramref name="read"/> gets the
    /// previous read's result of this topic's shared loop, null the first time.
    /// </summary>
    public static IObservable<T> Watch<T>(
        IServiceScopeFactory scopes,
        IEventBus bus,
        string topic,
        Func<IServiceProvider, T?, CancellationToken, Task<T?>> read,
        Func<T, bool> isFinal,
        IEqualityComparer<T>? comparer = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        return Watch(scopes, bus, topic, read.Method, read, isFinal, comparer);
    }

    private static LiveStateStream<T> Watch<T>(
        IServiceScopeFactory scopes,
        IEventBus bus,
        string topic,
        MethodInfo readMethod,
        Func<IServiceProvider, T?, CancellationToken, Task<T?>> read,
        Func<T, bool> isFinal,
        IEqualityComparer<T>? comparer)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(isFinal);
        var source = new LiveStateSource<T>(scopes, bus, topic, read, isFinal, comparer ?? EqualityComparer<T>.Default);
        return new LiveStateStream<T>(source, new LiveStateKey(topic, typeof(T), readMethod));
    }
}

internal sealed record LiveStateSource<T>(
    IServiceScopeFactory Scopes,
    IEventBus Bus,
    string Topic,
    Func<IServiceProvider, T?, CancellationToken, Task<T?>> Read,
    Func<T, bool> IsFinal,
    IEqualityComparer<T> Comparer)
    where T : class;

/// <summary>
/// What makes two watches the same: the topic, the state's type and the code that reads it (two fields watching one
/// topic with different reads do not share).
/// </summary>
internal sealed record LiveStateKey(string Topic, Type State, MethodInfo Read);

/// <summary>Cold to look at, shared underneath: each subscriber joins the Host's hub for the key, or starts it.</summary>
internal sealed class LiveStateStream<T>(LiveStateSource<T> source, LiveStateKey key) : IObservable<T>
    where T : class
{
    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return LiveStateHubs.Of(source.Bus).Join(key, source, observer);
    }
}
