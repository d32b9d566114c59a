using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.Products;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Catalog.GraphQL;

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

/// <summary>Users behind <c>createdBy</c>/<c>uploadedBy</c>, through Identity's contract: one query per batch.</summary>
internal sealed class CatalogUserLoader(IUserDirectory directory) : BatchDataLoader<long, UserInfo>
{
    protected override Task<IReadOnlyDictionary<long, UserInfo>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken) =>
        directory.FindAsync(keys, cancellationToken);
}
