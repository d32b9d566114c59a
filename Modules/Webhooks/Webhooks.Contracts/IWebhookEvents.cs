using Microsoft.EntityFrameworkCore;

namespace ProductDescriber.Webhooks.Contracts;

/// <summary>
/// How a module tells integrators that its work reached an end state. The event is stored once per (type, subject)
/// with a PENDING delivery for every endpoint that asked for it; each delivery is then a durable job. Raising the same
/// event again adds nothing.
/// </summary>
public interface IWebhookEvents
{
    /// <summary>
    /// Stores the event and its deliveries through <paramref name="db"/>, inside its current transaction, so they commit
    /// (or roll back) with the end state itself: no process death can keep one without the other. After the commit,
    /// pass the result to <see cref="DispatchAsync"/>; if the process dies first, the deliveries are PENDING rows
    /// the recovery sweep schedules. A database failure here fails the caller's transaction, as any of its writes would.
    /// </summary>
    Task<RaisedWebhook> StoreAsync(DbContext db, WebhookEvent webhookEvent, CancellationToken cancellationToken);

    /// <summary>Schedules the deliveries <see cref="StoreAsync"/> created. Never throws for a database or scheduling failure (logged; swept).</summary>
    Task DispatchAsync(RaisedWebhook raised, CancellationToken cancellationToken);
}

/// <summary>
/// One end state. <paramref name="Type"/> is one of <see cref="WebhookEventTypes"/>; <paramref name="SubjectId"/>
/// the GraphQL global id of what ended (an analysis run, a generation request), unique per type;
/// <paramref name="ProductId"/> the product's key (endpoints may be limited to one product); <paramref name="Data"/>
/// what the receiver gets under <c>data</c> (global ids, status, counts: small, the receiver asks GraphQL for more).
/// </summary>
public sealed record WebhookEvent(string Type, string SubjectId, long ProductId, IReadOnlyDictionary<string, object?> Data);

/// <summary>The deliveries one <see cref="IWebhookEvents.StoreAsync"/> created (none when the event existed already).</summary>
public sealed record RaisedWebhook(IReadOnlyList<long> DeliveryIds)
{
    public static RaisedWebhook None { get; } = new([]);
}
