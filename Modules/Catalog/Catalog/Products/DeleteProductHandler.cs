using Microsoft.EntityFrameworkCore;
using ProductDescriber.Catalog.Files;
using ProductDescriber.Catalog.GraphQL;
using ProductDescriber.Catalog.Persistence;

namespace ProductDescriber.Catalog.Products;

/// <summary>
/// Deletes a product for good: its rows (reference images here; other modules' rows by their cascading foreign
/// keys) in one transaction, which also records the deletion of its storage folder; the folder goes right after
/// the commit, or later by the janitor if storage fails.
/// </summary>
internal sealed class DeleteProductHandler(CatalogDbContext db, FileDeletions deletions, TimeProvider clock)
{
    public async Task<DeleteProductPayload> DeleteAsync(string productGlobalId, CancellationToken cancellationToken)
    {
        if (!CatalogIds.TryProduct(productGlobalId, out var productId))
        {
            return new DeleteProductPayload(null, [CatalogIds.ProductNotFound]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await ProductLock.AcquireAsync(db, productId, cancellationToken) is not { } product)
        {
            return new DeleteProductPayload(null, [CatalogIds.ProductNotFound]);
        }

        var folder = new PendingFileDeletion { StorageKey = product.StorageFolder + "/", IsPrefix = true, NotBefore = clock.GetUtcNow() };
        db.PendingFileDeletions.Add(folder);
        await db.SaveChangesAsync(cancellationToken);
        await db.Products.Where(p => p.Id == productId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await deletions.RunAsync([folder.Id], CancellationToken.None);
        return new DeleteProductPayload(CatalogIds.Product(productId), []);
    }
}
