using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Generation.Gallery;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Generation.Requests;
using ProductDescriber.Identity.Contracts;
using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Generation;

// Request-scoped batch loaders behind the fields that load per parent: one query per batch, whatever the page size.

internal sealed class GenerationRequestByIdLoader(IDbContextFactory<GenerationDbContext> contexts) : BatchDataLoader<long, GenerationRequest>
{
    protected override async Task<IReadOnlyDictionary<long, GenerationRequest>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Requests.AsNoTracking().Where(r => keys.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
    }
}

internal sealed class GalleryImageByIdLoader(IDbContextFactory<GenerationDbContext> contexts) : BatchDataLoader<long, GalleryImage>
{
    protected override async Task<IReadOnlyDictionary<long, GalleryImage>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Images.AsNoTracking().Where(i => keys.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
    }
}

/// <summary>A request's images by index, for <c>GenerationRequest.images</c>.</summary>
internal sealed class ImagesByRequestLoader(IDbContextFactory<GenerationDbContext> contexts) : GroupDataLoader<long, GalleryImage>
{
    protected override async Task<IReadOnlyDictionary<long, IReadOnlyList<GalleryImage>>> FetchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var images = await db.Images.AsNoTracking().Where(i => keys.Contains(i.RequestId)).OrderBy(i => i.RequestId).ThenBy(i => i.Index).ToListAsync(cancellationToken);
        return images.GroupBy(i => i.RequestId).ToDictionary(g => g.Key, g => (IReadOnlyList<GalleryImage>)[.. g]);
    }
}

/// <summary>The active specification version of products (null: none), for <c>isStale</c> and the gallery's stale filter.</summary>
internal sealed class ActiveSpecificationVersionLoader(ISpecificationCatalog specifications) : DataLoader<long, int?>
{
    protected override int? Missing => null;

    protected override async Task<IReadOnlyDictionary<long, int?>> FetchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        var versions = await specifications.FindActiveVersionsAsync(keys, cancellationToken);
        return versions.ToDictionary(p => p.Key, p => (int?)p.Value);
    }
}

/// <summary>
/// <c>Product.staleImageCount</c> for a page of products: the active versions (one Specs query, shared with
/// <c>isStale</c>), then one grouped count of images per (product, version), summed where the version is older.
/// </summary>
internal sealed class StaleImageCountLoader(IDbContextFactory<GenerationDbContext> contexts, ActiveSpecificationVersionLoader activeVersions) : DataLoader<long, int>
{
    protected override int Missing => 0;

    protected override async Task<IReadOnlyDictionary<long, int>> FetchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        var pending = keys.Select(k => (Product: k, Version: activeVersions.LoadAsync(k))).ToList();
        var active = new Dictionary<long, int>();
        foreach (var (product, version) in pending)
        {
            if (await version.GetResultAsync(cancellationToken) is { } number)
            {
                active[product] = number;
            }
        }

        if (active.Count == 0)
        {
            return new Dictionary<long, int>();
        }

        var products = active.Keys.ToArray();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await db.Images
            .Where(i => products.Contains(i.ProductId))
            .GroupBy(i => new { i.ProductId, i.SpecificationVersion })
            .Select(g => new { g.Key.ProductId, g.Key.SpecificationVersion, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts
            .Where(c => c.SpecificationVersion < active[c.ProductId])
            .GroupBy(c => c.ProductId)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
    }
}

internal sealed class GenerationProductLoader(IProductCatalog catalog) : BatchDataLoader<long, ProductInfo>
{
    protected override Task<IReadOnlyDictionary<long, ProductInfo>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken) =>
        catalog.FindProductsAsync(keys, cancellationToken);
}

/// <summary>The products' current photos, from which a request's <c>referenceImages</c> are picked (deleted ones drop out).</summary>
internal sealed class GenerationReferenceImagesLoader(IProductCatalog catalog) : GroupDataLoader<long, ReferenceImageInfo>
{
    protected override Task<IReadOnlyDictionary<long, IReadOnlyList<ReferenceImageInfo>>> FetchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken) =>
        catalog.ListReferenceImagesAsync(keys, cancellationToken);
}

internal sealed class GenerationUserLoader(IUserDirectory directory) : BatchDataLoader<long, UserInfo>
{
    protected override Task<IReadOnlyDictionary<long, UserInfo>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken) =>
        directory.FindAsync(keys, cancellationToken);
}

/// <summary>Fields of other modules' types, referenced by name through their contracts (or their node resolvers).</summary>
internal static class ReferenceFieldsOfGeneration
{
    public static void AddUserField<TSource>(this ObjectGraphType<TSource> type, string name, string description, Func<TSource, long?> userId) =>
        type.AddReferenceField<TSource, GenerationUserLoader, UserInfo>(name, "User", description, userId);

    /// <summary><c>product: Product!</c>: a request or image never outlives its product (the rows cascade with it).</summary>
    public static void AddProductField<TSource>(this ObjectGraphType<TSource> type, string description, Func<TSource, long> productId) =>
        type.AddReferenceField<TSource, GenerationProductLoader, ProductInfo>("product", CatalogGraphTypes.Product, description, s => productId(s))
            .Type(new NonNullGraphType(new GraphQLTypeReference(CatalogGraphTypes.Product)));

    /// <summary>Specs' <c>Specification</c>, fetched through Specs' node resolver (its graph type is built on Specs' own records).</summary>
    public static void AddSpecificationField<TSource>(this ObjectGraphType<TSource> type, string description, Func<TSource, long> specificationId) =>
        type.AddNodeReferenceField("specification", SpecsGraphTypes.Specification, description, s => specificationId(s));

    /// <summary>
    /// <c>referenceImages: [ReferenceImage!]!</c>: the photos <paramref name="ids"/> names that still exist, in that
    /// order, picked from the product's current photos (one Catalog query per page of parents).
    /// </summary>
    public static void AddReferenceImagesField<TSource>(this ObjectGraphType<TSource> type, string description, Func<TSource, long> productId, Func<TSource, long[]> ids)
    {
        var field = type.Field("referenceImages", new NonNullGraphType(new ListGraphType(new NonNullGraphType(new GraphQLTypeReference(CatalogGraphTypes.ReferenceImage)))))
            .Description(description);
        field.Resolve()
            .WithService<GenerationReferenceImagesLoader>()
            .Resolve((ctx, loader) =>
            {
                var wanted = ids(ctx.Source);
                return loader.LoadAsync(productId(ctx.Source)).Then(images =>
                {
                    var byId = images.ToDictionary(i => i.Id);
                    return (IReadOnlyList<ReferenceImageInfo>)[.. wanted.Where(byId.ContainsKey).Select(id => byId[id])];
                });
            });
    }
}
