using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Catalog;

/// <summary>Every signed-in user may read every product and image, archived ones included.</summary>
internal sealed class ProductNodeResolver() : LoaderNodeResolver<ProductByIdLoader, ProductInfo>(CatalogGraphTypes.Product);

internal sealed class ReferenceImageNodeResolver() : LoaderNodeResolver<ReferenceImageByIdLoader, ReferenceImageInfo>(CatalogGraphTypes.ReferenceImage);
