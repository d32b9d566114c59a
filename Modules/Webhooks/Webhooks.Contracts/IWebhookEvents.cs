namespace ProductDescriber.Webhooks.Contracts;

/// <summary>
/// How a module tells integrators that its work reached an end state. Call it after the commit that ended the work:
/// it stores the event once per (type, subject) and schedules a durable delivery to every endpoint that asked for it.
/// It never throws for a database or scheduling failure (the caller's work is already committed); such a failure is
/// logged. Raising the same event again is harmless.
/// </summary>
public interface IWebhookEvents
{
    Task RaiseAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken);
}

/// <summary>
/// One end state. <paramref name="Type"/> is one of <see cref="WebhookEventTypes"/>; <paramref name="SubjectId"/>
/// the GraphQL global id of what ended (an analysis run, a generation request), unique per type;
/// <paramref name="ProductId"/> the product's key (endpoints may be limited to one product); <paramref name="Data"/>
/// what the receiver gets under <c>data</c> (global ids, status, counts: small, the receiver asks GraphQL for more).
/// </summary>
public sealed record WebhookEvent(string Type, string SubjectId, long ProductId, IReadOnlyDictionary<string, object?> Data);
