using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;

namespace ProductDescriber.Webhooks.Endpoints;

/// <summary>An endpoint after a mutation; <see cref="Secret"/> only right after it was created or rotated.</summary>
internal sealed record EndpointPayload(WebhookEndpoint? Endpoint, string? Secret, IReadOnlyList<PayloadError> Errors) : IPayload
{
    public static EndpointPayload Refused(PayloadError error) => new(null, null, [error]);
}

internal sealed class EndpointIdInput
{
    public string EndpointId { get; init; } = "";
}

/// <summary>An input naming one endpoint, under the mutation's own input type name.</summary>
internal abstract class EndpointIdInputGraphType : InputObjectGraphType<EndpointIdInput>
{
    protected EndpointIdInputGraphType(string name)
    {
        Name = name;
        Field<NonNullGraphType<IdGraphType>>("endpointId").Description("The webhook endpoint.");
    }
}

/// <summary>A payload with the endpoint, and its secret when the mutation made one.</summary>
internal abstract class EndpointPayloadGraphType : PayloadGraphType<EndpointPayload>
{
    protected EndpointPayloadGraphType(string name, bool withSecret)
        : base(name)
    {
        Field<WebhookEndpointGraphType>("endpoint").Description("The endpoint as it is now; null when refused.").Resolve(ctx => ctx.Source.Endpoint);
        if (withSecret)
        {
            Field<StringGraphType>("secret")
                .Description("The signing secret (`whsec_...`), shown this once and never again: store it with the receiver.")
                .Resolve(ctx => ctx.Source.Secret);
        }
    }
}
