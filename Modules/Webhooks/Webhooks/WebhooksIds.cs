using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Webhooks.Contracts;

namespace ProductDescriber.Webhooks;

/// <summary>Webhooks' global ids and the product ids it hands out. A malformed id and an unknown one get the same NotFoundError.</summary>
internal static class WebhooksIds
{
    public static readonly NotFoundError EndpointNotFound = new("No webhook endpoint of yours has this id.");

    public static readonly NotFoundError ProductNotFound = new("No product has this id.");

    public static string Endpoint(long id) => GlobalId.Encode(WebhooksGraphTypes.WebhookEndpoint, id);

    public static string Delivery(long id) => GlobalId.Encode(WebhooksGraphTypes.WebhookDelivery, id);

    public static string Product(long id) => GlobalId.Encode(CatalogGraphTypes.Product, id);

    public static bool TryEndpoint(string? id, out long key) => GlobalId.TryDecodeLong(id, WebhooksGraphTypes.WebhookEndpoint, out key);

    public static bool TryProduct(string? id, out long key) => GlobalId.TryDecodeLong(id, CatalogGraphTypes.Product, out key);
}
