namespace ProductDescriber.BuildingBlocks.Events;

/// <summary>
/// Publish/subscribe across every Host process on one database (PostgreSQL LISTEN/NOTIFY underneath).
/// Payloads are small (ids and states, at most <see cref="MaxPayloadBytes"/> bytes); subscribers re-read
/// anything bigger. Delivery is at most once and live only: a subscriber hears what is published while it listens.
/// </summary>
public interface IEventBus
{
    const int MaxPayloadBytes = 7000;

    /// <summary>
    /// A topic of this process only, which cannot be published to: the bus emits an empty payload on it each time it
    /// starts listening, the first time included (the Host may serve before it first listens) and again after losing
    /// its connection. Events published meanwhile were not received, so a subscriber that must not miss one (a
    /// session revocation, say) re-reads state when it fires.
    /// </summary>
    const string ResumedTopic = "event-bus:resumed";

    /// <summary>
    /// Names the current unbroken period of listening, or null while the bus is not listening (or cannot tell).
    /// Whatever a process caches on the promise "an event will tell me when this changes" holds only within one
    /// period: a new value means events may have been lost in between (docs/adr/0038).
    /// </summary>
    long? ListeningEpoch => null;

    Task PublishAsync(string topic, string payload, CancellationToken cancellationToken = default);

    /// <summary>Several events at once (one round trip on PostgreSQL), in order; the same rules as one.</summary>
    async Task PublishAsync(IReadOnlyList<(string Topic, string Payload)> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var (topic, payload) in events)
        {
            await PublishAsync(topic, payload, cancellationToken);
        }
    }

    /// <summary>
    /// A hot stream of the payloads published on <paramref name="topic"/>. A subscriber that cannot keep up loses
    /// its oldest undelivered events rather than slowing the publisher or other subscribers.
    /// </summary>
    IObservable<string> Observe(string topic);
}
