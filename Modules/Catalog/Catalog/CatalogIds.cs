using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Catalog;

/// <summary>Catalog's global ids. A malformed id and an unknown one get the same NotFoundError.</summary>
internal static class CatalogIds
{
    public static readonly NotFoundError ProductNotFound = new("No product has this id.");

    public static readonly NotFoundError ReferenceImageNotFound = new("This product has no reference image with this id.");

    public static string Product(long id) => GlobalId.Encode(CatalogGraphTypes.Product, id);

    public static string ReferenceImage(long id) => GlobalId.Encode(CatalogGraphTypes.ReferenceImage, id);

    public static bool TryProduct(string? id, out long key) => GlobalId.TryDecodeLong(id, CatalogGraphTypes.Product, out key);

    public static bool TryReferenceImage(string? id, out long key) => GlobalId.TryDecodeLong(id, CatalogGraphTypes.ReferenceImage, out key);
}
