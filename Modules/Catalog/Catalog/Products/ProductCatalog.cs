using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.Persistence;

namespace ProductDescriber.Catalog.Products;

/// <summary>Catalog's contract for other modules, and the source of its own batch loaders: one query per call.</summary>
internal sealed class ProductCatalog(IDbContextFactory<CatalogDbContext> contexts, IFileStorage storage) : IProductCatalog
{
    public async Task<ProductInfo?> FindProductAsync(long productId, CancellationToken cancellationToken) =>
        (await FindProductsAsync([productId], cancellationToken)).GetValueOrDefault(productId);

    // Behind `product(id:)`, `node` and every other module's product field: compiled, like the loaders below.
    private static readonly Func<CatalogDbContext, long[], IAsyncEnumerable<Product>> ProductsWithIds = EF.CompileAsyncQuery(
        (CatalogDbContext db, long[] ids) => db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(Product.WithoutSearchVector));

    public async Task<IReadOnlyDictionary<long, ProductInfo>> FindProductsAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var products = new Dictionary<long, ProductInfo>(productIds.Count);
        await foreach (var product in ProductsWithIds(db, [.. productIds]).WithCancellation(cancellationToken))
        {
            products[product.Id] = product.ToInfo();
        }

        return products;
    }

    public async Task<IReadOnlyList<ReferenceImageInfo>> ListReferenceImagesAsync(long productId, CancellationToken cancellationToken) =>
        (await ListReferenceImagesAsync([productId], cancellationToken)).GetValueOrDefault(productId) ?? [];

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<ReferenceImageInfo>>> ListReferenceImagesAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = productIds.ToArray();
        var images = await db.ReferenceImages.AsNoTracking()
            .Where(i => ids.Contains(i.ProductId))
            .OrderBy(i => i.DisplayOrder).ThenBy(i => i.Id)
            .ToListAsync(cancellationToken);
        return images.GroupBy(i => i.ProductId).ToDictionary(g => g.Key, g => (IReadOnlyList<ReferenceImageInfo>)[.. g.Select(i => i.ToInfo())]);
    }

    public async Task<ReferenceImageInfo?> FindPrimaryImageAsync(long productId, CancellationToken cancellationToken) =>
        (await FindPrimaryImagesAsync([productId], cancellationToken)).GetValueOrDefault(productId);

    public async Task<IReadOnlyDictionary<long, ReferenceImageInfo>> FindPrimaryImagesAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var images = new Dictionary<long, ReferenceImageInfo>(productIds.Count);
        await foreach (var image in PrimaryImagesOf(db, [.. productIds]).WithCancellation(cancellationToken))
        {
            images[image.ProductId] = image;
        }

        return images;
    }

    // Behind the primaryImage loader, so it runs for every page of products: compiled, it skips EF's per-call lookup
    // of the translation. ToInfo runs on the rows read, which are the contract record's columns, no more.
    private static readonly Func<CatalogDbContext, long[], IAsyncEnumerable<ReferenceImageInfo>> PrimaryImagesOf = EF.CompileAsyncQuery(
        (CatalogDbContext db, long[] productIds) => db.ReferenceImages.AsNoTracking()
            .Where(i => productIds.Contains(i.ProductId) && i.IsPrimary)
            .Select(i => i.ToInfo()));

    public async Task<IReadOnlyDictionary<long, ReferenceImageInfo>> FindReferenceImagesAsync(IReadOnlyCollection<long> imageIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = imageIds.ToArray();
        var images = await db.ReferenceImages.AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync(cancellationToken);
        return images.ToDictionary(i => i.Id, i => i.ToInfo());
    }

    public async Task<Stream> OpenReferenceImageAsync(ReferenceImageInfo image, CancellationToken cancellationToken) =>
        (await storage.OpenReadAsync(image.StorageKey, cancellationToken))?.Content
        ?? throw new FileNotFoundException($"The file of reference image {image.Id} is missing from storage.", image.StorageKey);
}
