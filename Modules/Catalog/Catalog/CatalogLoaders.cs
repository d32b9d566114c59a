using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.Products;

namespace ProductDescriber.Catalog;

// Request-scoped batch loaders behind the fields that load per parent: one query per batch, whatever the page size.

internal sealed class ProductByIdLoader(ProductCatalog catalog) : BatchDataLoader<long, ProductInfo>
{
    protected override Task<IReadOnlyDictionary<long, ProductInfo>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken) =>
        catalog.FindProductsAsync(keys, cancellationToken);
}

internal sealed class ReferenceImageByIdLoader(ProductCatalog catalog) : BatchDataLoader<long, ReferenceImageInfo>
{
    protected override Task<IReadOnlyDictionary<long, ReferenceImageInfo>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken) =>
        catalog.FindReferenceImagesAsync(keys, cancellationToken);
}

internal sealed class ReferenceImagesByProductLoader(ProductCatalog catalog) : GroupDataLoader<long, ReferenceImageInfo>
{
    protected override Task<IReadOnlyDictionary<long, IReadOnlyList<ReferenceImageInfo>>> FetchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken) =>
        catalog.ListReferenceImagesAsync(keys, cancellationToken);
}

internal sealed class PrimaryImageByProductLoader(ProductCatalog catalog) : BatchDataLoader<long, ReferenceImageInfo>
{
    protected override Task<IReadOnlyDictionary<long, ReferenceImageInfo>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken) =>
        catalog.FindPrimaryImagesAsync(keys, cancellationToken);
}
