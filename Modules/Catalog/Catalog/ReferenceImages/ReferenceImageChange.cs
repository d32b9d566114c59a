using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.Persistence;
using ProductDescriber.Catalog.Products;

namespace ProductDescriber.Catalog.ReferenceImages;

/// <summary>
/// What a primary switch, a reorder and a delete share: each runs in one transaction under the product's row lock,
/// so concurrent calls on the same product apply one after the other and always leave exactly one primary and
/// orders 1..n.
/// </summary>
internal sealed class ReferenceImageChange(CatalogDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Locks the product, hands <paramref name="change"/> its images in display order, and commits with the
    /// product's <c>updatedAt</c> moved on unless the change returns an error.
    /// </summary>
    public async Task<ReferenceImagesPayload> RunAsync(
        string productGlobalId,
        Func<long, List<Image>, Task<PayloadError?>> change,
        CancellationToken cancellationToken)
    {
        if (!CatalogIds.TryProduct(productGlobalId, out var productId))
        {
            return ReferenceImagesPayload.Failure(CatalogIds.ProductNotFound);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await ProductLock.AcquireAsync(db, productId, cancellationToken) is not { } product)
        {
            return ReferenceImagesPayload.Failure(CatalogIds.ProductNotFound);
        }

        var images = await db.ReferenceImages.Where(i => i.ProductId == productId)
            .OrderBy(i => i.DisplayOrder).ThenBy(i => i.Id)
            .Select(i => new Image(i.Id, i.StorageKey, i.IsPrimary))
            .ToListAsync(cancellationToken);
        if (await change(productId, images) is { } error)
        {
            return ReferenceImagesPayload.Failure(error);
        }

        var now = clock.GetUtcNow();
        await db.Products.Where(p => p.Id == productId).ExecuteUpdateAsync(p => p.SetProperty(x => x.UpdatedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ReferenceImagesPayload(product.ToInfo() with { UpdatedAt = now }, null, []);
    }

    /// <summary>One statement; the (product, order) uniqueness is checked at commit, so the shuffle cannot trip it.</summary>
    public Task RenumberAsync(long[] idsInOrder, CancellationToken cancellationToken) => idsInOrder.Length == 0
        ? Task.CompletedTask
        : db.Database.ExecuteSqlAsync(
            $"""
            UPDATE catalog.reference_images AS r SET display_order = o.position
            FROM unnest({idsInOrder}::bigint[]) WITH ORDINALITY AS o(id, position)
            WHERE r.id = o.id AND r.display_order <> o.position
            """,
            cancellationToken);

    internal sealed record Image(long Id, string StorageKey, bool IsPrimary);
}

/// <param name="Product">The product after the change, with its images in their new order.</param>
internal sealed record ReferenceImagesPayload(ProductInfo? Product, string? DeletedReferenceImageId, IReadOnlyList<PayloadError> Errors) : IPayload
{
    public static ReferenceImagesPayload Failure(params PayloadError[] errors) => new(null, null, errors);
}

/// <summary>The payload of <c>setPrimaryReferenceImage</c> and <c>reorderReferenceImages</c>.</summary>
internal sealed class ReferenceImageOrderPayloadGraphType : PayloadGraphType<ReferenceImagesPayload>
{
    public ReferenceImageOrderPayloadGraphType()
        : base("ReferenceImageOrderPayload")
    {
        Description = "Result of changing which image is primary or the images' order.";
        Field<ProductGraphType>("product").Description("The product, with its images as now ordered.").Resolve(ctx => ctx.Source.Product);
    }
}
