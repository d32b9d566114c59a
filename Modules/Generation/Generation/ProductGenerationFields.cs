using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.Paging;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Generation.Contracts;
using ProductDescriber.Generation.Fidelity;
using ProductDescriber.Generation.Gallery;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Generation.Requests;

namespace ProductDescriber.Generation;

/// <summary>Generation's fields on Catalog's <c>Product</c>: its requests, its gallery and how much of it is stale.</summary>
internal sealed class ProductGenerationFields : IGraphTypeExtension
{
    private static readonly SortKey<GalleryImage>[] Newest = [SortKey<GalleryImage>.Descending(i => i.CreatedAt), SortKey<GalleryImage>.Descending(i => i.Id)];

    // Unmeasured images (null score) come last either way: a score out of range stands in for null, as keyset
    // paging needs a non-null key.
    private static readonly SortKey<GalleryImage>[] ScoreDescending = [SortKey<GalleryImage>.Descending(i => i.FidelityScore ?? -1.0), SortKey<GalleryImage>.Descending(i => i.Id)];
    private static readonly SortKey<GalleryImage>[] ScoreAscending = [SortKey<GalleryImage>.Ascending(i => i.FidelityScore ?? 1000.0), SortKey<GalleryImage>.Ascending(i => i.Id)];

    public string TypeName => CatalogGraphTypes.Product;

    public void Extend(IObjectGraphType type)
    {
        type.AddConnectionField<GenerationRequestGraphType, GenerationRequest, IDbContextFactory<GenerationDbContext>>(
            "generations",
            GenerationGraphTypes.GenerationRequest,
            "The product's generation requests, newest first.",
            async (ctx, contexts, page) =>
            {
                var productId = Product(ctx).Id;
                var statuses = ctx.GetArgument<List<GenerationStatus>?>("status");
                await using var db = await contexts.CreateDbContextAsync(ctx.CancellationToken);
                var requests = db.Requests.AsNoTracking().Where(r => r.ProductId == productId);
                if (statuses is { Count: > 0 })
                {
                    requests = requests.Where(r => statuses.Contains(r.Status));
                }

                return await requests.ToConnectionAsync(page, [SortKey<GenerationRequest>.Descending(r => r.CreatedAt), SortKey<GenerationRequest>.Descending(r => r.Id)], ctx.CancellationToken);
            },
            new QueryArgument<ListGraphType<NonNullGraphType<GenerationStatusGraphType>>> { Name = "status", Description = "Only requests in one of these states; all when null or empty." });

        type.AddConnectionField<GeneratedImageGraphType, GalleryImage, IDbContextFactory<GenerationDbContext>>(
            "gallery",
            GenerationGraphTypes.GeneratedImage,
            "The product's generated images, newest first unless `orderBy` says otherwise.",
            async (ctx, contexts, page) =>
            {
                var productId = Product(ctx).Id;
                await using var db = await contexts.CreateDbContextAsync(ctx.CancellationToken);
                var images = db.Images.AsNoTracking().Where(i => i.ProductId == productId);
                if (ctx.GetArgument<string?>("requestId") is { } requestId)
                {
                    // A malformed or unknown request id is a request with no images: an empty page, not an error.
                    var request = GenerationIds.TryRequest(requestId, out var key) ? key : 0;
                    images = images.Where(i => i.RequestId == request);
                }

                if (ctx.GetArgument<bool?>("stale") is { } stale)
                {
                    // The active version first (shared with isStale through the request's loader), then a plain bound.
                    var versions = ctx.RequestServices!.GetRequiredService<ActiveSpecificationVersionLoader>();
                    var active = await versions.LoadAsync(productId).GetResultAsync(ctx.CancellationToken) ?? 0;
                    images = stale ? images.Where(i => i.SpecificationVersion < active) : images.Where(i => i.SpecificationVersion >= active);
                }

                if (ctx.GetArgument<bool?>("flagged") is { } flagged)
                {
                    images = images.Where(i => i.FidelityFlagged == flagged);
                }

                var order = ctx.GetArgument("orderBy", GalleryOrder.Newest) switch
                {
                    GalleryOrder.ScoreDesc => ScoreDescending,
                    GalleryOrder.ScoreAsc => ScoreAscending,
                    _ => Newest,
                };
                return await images.ToConnectionAsync(page, order, ctx.CancellationToken);
            },
            new QueryArgument<IdGraphType> { Name = "requestId", Description = "Only the images of this request." },
            new QueryArgument<BooleanGraphType> { Name = "flagged", Description = "true: only images whose fidelity was flagged; false: only measured images that were not; null: all (unmeasured included)." },
            new QueryArgument<GalleryOrderGraphType> { Name = "orderBy", Description = "Default NEWEST. By score, images without a measured score come last." },
            new QueryArgument<BooleanGraphType> { Name = "stale", Description = "true: only images made from an older specification version than the active one; false: only current ones; null: all." });

        type.AddField(new FieldType
        {
            Name = "staleImageCount",
            Description = "How many of the product's generated images were made from an older specification version than the active one.",
            Type = typeof(NonNullGraphType<IntGraphType>),
            Resolver = new GraphQL.Resolvers.FuncFieldResolver<object?>(ctx =>
                ctx.RequestServices!.GetRequiredService<StaleImageCountLoader>().LoadAsync(Product(ctx).Id)),
        }).DependsOn(typeof(StaleImageCountLoader));
    }

    private static ProductInfo Product(IResolveFieldContext context) => (ProductInfo)context.Source!;
}
