using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Webhooks.Contracts;
using ProductDescriber.Webhooks.Endpoints;

namespace ProductDescriber.Webhooks.Deliveries;

internal sealed class WebhookDeliveryGraphType : ObjectGraphType<WebhookDelivery>
{
    public WebhookDeliveryGraphType()
    {
        Name = "WebhookDelivery";
        Description = "One event sent to one endpoint, and every attempt at it.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The delivery's global id.").Resolve(ctx => GlobalId.Encode(WebhooksGraphTypes.WebhookDelivery, ctx.Source.Id));
        Field(d => d.MessageId).Description("The `webhook-id` header: the same on every attempt (receivers drop repeats by it).");
        Field<NonNullGraphType<WebhookEventTypeGraphType>>("eventType").Description("What it tells of.").Resolve(ctx => ctx.Source.EventType);
        Field<NonNullGraphType<IdGraphType>>("subjectId").Description("The analysis run or generation request it is about.").Resolve(ctx => ctx.Source.SubjectId);
        Field<NonNullGraphType<WebhookDeliveryStatusGraphType>>("status").Description("PENDING while attempts go on, SUCCEEDED after a 2xx, FAILED when retries ran out or the endpoint was disabled.").Resolve(ctx => ctx.Source.Status);
        Field(d => d.AttemptCount).Description("Attempts made.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookAttemptGraphType>>>>("attempts").Description("Every attempt, first first.").Resolve(ctx => ctx.Source.Attempts);
        Field(d => d.NextAttemptAt, nullable: true).Description("When the next attempt is due; null once it ended.");
        Field(d => d.CreatedAt).Description("When the event was raised.");
        Field(d => d.CompletedAt, nullable: true).Description("When it ended.");
    }
}

internal sealed class WebhookDeliveryStatusGraphType : EnumerationGraphType<DeliveryStatus>
{
    public WebhookDeliveryStatusGraphType()
    {
        Name = "WebhookDeliveryStatus";
        Description = "Where a delivery is.";
    }
}

internal sealed class WebhookAttemptGraphType : ObjectGraphType<DeliveryAttempt>
{
    public WebhookAttemptGraphType()
    {
        Name = "WebhookAttempt";
        Description = "One POST to the endpoint.";
        Field(a => a.Number).Description("1 for the first attempt.");
        Field(a => a.At).Description("When it ended.");
        Field(a => a.StatusCode, nullable: true).Description("The HTTP status answered; null when none came (refused, no connection, timeout).");
        Field(a => a.LatencyMs).Description("Milliseconds from sending to the status line (or to giving up).");
        Field(a => a.Error, nullable: true).Description("Why it failed; null for a 2xx.");
    }
}
