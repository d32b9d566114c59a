using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Webhooks.Contracts;
using ProductDescriber.Webhooks.Deliveries;

namespace ProductDescriber.Webhooks.Endpoints;

internal sealed class WebhookEndpointGraphType : NodeGraphType<WebhookEndpoint>
{
    public WebhookEndpointGraphType()
        : base(WebhooksGraphTypes.WebhookEndpoint, e => e.Id)
    {
        Description = "A URL that receives signed webhooks (Standard Webhooks) for the events it asked for. Its secret is shown only by registerWebhook and rotateWebhookSecret.";
        Field(e => e.Url).Description("Where deliveries are POSTed.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WebhookEventTypeGraphType>>>>("events")
            .Description("The event types it receives.")
            .Resolve(ctx => ctx.Source.Events);
        Field<IdGraphType>("productId")
            .Description("Only this product's events when set; every product's otherwise.")
            .Resolve(ctx => ctx.Source.ProductId is { } id ? WebhooksIds.Product(id) : null);
        Field<NonNullGraphType<IdGraphType>>("ownerId")
            .Description("The user who registered it.")
            .Resolve(ctx => GlobalId.Encode("User", ctx.Source.OwnerId));
        Field(e => e.Enabled).Description("False once disabled (after failing every delivery for the retry window): nothing is sent until enableWebhook.");
        Field(e => e.DisabledAt, nullable: true).Description("When it was disabled; null while enabled.");
        Field(e => e.DisabledReason, nullable: true).Description("Why it was disabled, with the last attempt's error; null while enabled.");
        Field(e => e.FailingSince, nullable: true).Description("Since when every attempt failed; null after a success.");
        Field(e => e.SecretRotatedAt, nullable: true).Description("When the secret was last rotated; null if never.");
        Field(e => e.PreviousSecretUntil, nullable: true).Description("Until when deliveries are also signed with the secret before the last rotation.");
        Field(e => e.CreatedAt).Description("When it was registered.");
        DeliveryLog.AddField(this);
    }
}

/// <summary>The event types, as GraphQL enum values; each stands for the <c>type</c> string in the body.</summary>
internal sealed class WebhookEventTypeGraphType : EnumerationGraphType
{
    public WebhookEventTypeGraphType()
    {
        Name = "WebhookEventType";
        Description = "What a webhook tells of: an analysis run or a generation request reached an end state. The body's `type` is the lower-case dotted form, e.g. `generation.succeeded`.";
        foreach (var type in WebhookEventTypes.All)
        {
            Add(type.Replace('.', '_').ToUpperInvariant(), type, $"`{type}`");
        }
    }
}
