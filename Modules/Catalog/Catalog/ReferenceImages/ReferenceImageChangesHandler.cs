using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Catalog.Files;
using ProductDescriber.Catalog.GraphQL;
using ProductDescriber.Catalog.Persistence;
using ProductDescriber.Catalog.Products;

namespace ProductDescriber.Catalog.ReferenceImages;

/// <summary>
/// Primary switch, reorder and delete. Each runs in one transaction under the product's row lock, so concurrent
/// calls on the same product apply one after the other and always leave exactly one primary and orders 1..n.
/// </summary>
internal sealed class ReferenceImageChangesHandler(CatalogDbContext db, FileDeletions deletions, TimeProvider clock)
{
    public Task<ReferenceImagesPayload> SetPrimaryAsync(ReferenceImageInput input, CancellationToken cancellationToken) =>
        ChangeAsync(input.ProductId, cancellationToken, async (productId, images) =>
        {
            if (!CatalogIds.TryReferenceImage(input.ReferenceImageId, out var imageId) || images.All(i => i.Id != imageId))
            {
                return CatalogIds.ReferenceImageNotFound;
            }

            // Two statements, old primary off first: the one-primary index is checked row by row.
            await db.ReferenceImages.Where(i => i.ProductId == productId && i.IsPrimary && i.Id != imageId)
                .ExecuteUpdateAsync(i => i.SetProperty(x => x.IsPrimary, false), cancellationToken);
            await db.ReferenceImages.Where(i => i.Id == imageId && !i.IsPrimary)
                .ExecuteUpdateAsync(i => i.SetProperty(x => x.IsPrimary, true), cancellationToken);
            return null;
        });

    /// <summary>The ids given come first, in that order; images not named keep their relative order after them.</summary>
    public Task<ReferenceImagesPayload> ReorderAsync(ReorderReferenceImagesInput input, CancellationToken cancellationToken) =>
        ChangeAsync(input.ProductId, cancellationToken, async (productId, images) =>
        {
            var ordered = new List<long>();
            foreach (var id in input.ReferenceImageIds)
            {
                if (!CatalogIds.TryReferenceImage(id, out var imageId) || images.All(i => i.Id != imageId))
                {
                    return new ValidationError("referenceImageIds", $"'{id}' is not a reference image of this product.");
                }

                if (ordered.Contains(imageId))
                {
                    return new ValidationError("referenceImageIds", $"'{id}' is listed twice.");
                }

                ordered.Add(imageId);
            }

            ordered.AddRange(images.Select(i => i.Id).Where(id => !ordered.Contains(id)));
            await RenumberAsync([.. ordered], cancellationToken);
            return null;
        });

    public async Task<ReferenceImagesPayload> DeleteAsync(ReferenceImageInput input, CancellationToken cancellationToken)
    {
        PendingFileDeletion[] files = [];
        var payload = await ChangeAsync(input.ProductId, cancellationToken, async (productId, images) =>
        {
            if (!CatalogIds.TryReferenceImage(input.ReferenceImageId, out var imageId) || images.FirstOrDefault(i => i.Id == imageId) is not { } image)
            {
                return CatalogIds.ReferenceImageNotFound;
            }

            var now = clock.GetUtcNow();
            files =
            [
                new PendingFileDeletion { StorageKey = image.StorageKey, NotBefore = now },
                new PendingFileDeletion { StorageKey = ReferenceImageKeys.DerivedPrefix(image.StorageKey), IsPrefix = true, NotBefore = now },
            ];
            db.PendingFileDeletions.AddRange(files);
            await db.SaveChangesAsync(cancellationToken);
            await db.ReferenceImages.Where(i => i.Id == imageId).ExecuteDeleteAsync(cancellationToken);

            var rest = images.Where(i => i.Id != imageId).ToList();
            if (image.IsPrimary && rest.Count > 0)
            {
                var next = rest[0].Id;
                await db.ReferenceImages.Where(i => i.Id == next).ExecuteUpdateAsync(i => i.SetProperty(x => x.IsPrimary, true), cancellationToken);
            }

            await RenumberAsync([.. rest.Select(i => i.Id)], cancellationToken);
            return null;
        });

        if (payload.Errors.Count == 0)
        {
            await deletions.RunAsync([.. files.Select(f => f.Id)], CancellationToken.None);
            return payload with { DeletedReferenceImageId = input.ReferenceImageId };
        }

        return payload;
    }

    private async Task<ReferenceImagesPayload> ChangeAsync(
        string productGlobalId,
        CancellationToken cancellationToken,
        Func<long, List<ImageRow>, Task<PayloadError?>> change)
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
            .Select(i => new ImageRow(i.Id, i.StorageKey, i.IsPrimary))
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
    private Task RenumberAsync(long[] idsInOrder, CancellationToken cancellationToken) => idsInOrder.Length == 0
        ? Task.CompletedTask
        : db.Database.ExecuteSqlAsync(
            $"""
            UPDATE catalog.reference_images AS r SET display_order = o.position
            FROM unnest({idsInOrder}::bigint[]) WITH ORDINALITY AS o(id, position)
            WHERE r.id = o.id AND r.display_order <> o.position
            """,
            cancellationToken);

    private sealed record ImageRow(long Id, string StorageKey, bool IsPrimary);
}
