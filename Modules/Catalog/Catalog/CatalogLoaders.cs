using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.Products;

namespace ProductDescriber.Catalog;

// Request-scoped batch loaders behind the fields that load per parent: one query per batch, whatever the page size.

// Each product comes with its primary photo, which primes the request's primaryImage loader: a product page's
// product and photo are one statement.
internal sealed class ProductByIdLoader(ProductRows products, PrimaryImageByProductLoader primaryImages) : BatchDataLoader<long, ProductInfo>
{
    protected override async Task<IReadOnlyDictionary<long, ProductInfo>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        var rows = await products.WithIdsAsync(keys, cancellationToken);
        var found = new Dictionary<long, ProductInfo>(rows.Count);
        foreach (var row in rows)
        {
            found[row.Product.Id] = row.Product;
            primaryImages.Prime(row.Product.Id, row.PrimaryImage);
        }

        return found;
    }
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
