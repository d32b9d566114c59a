using Microsoft.EntityFrameworkCore;
using ProductDescriber.Catalog.Persistence;

namespace ProductDescriber.Catalog.Products;

/// <summary>
/// Serialises changes to one product's images (count limit, the one primary, display order) on its row lock:
/// concurrent uploads, primary switches and reorders of the same product run one after another, others in parallel.
/// </summary>
internal static class ProductLock
{
    /// <summary>Locks the product's row for the current transaction; null when it does not exist.</summary>
    public static async Task<Product?> AcquireAsync(CatalogDbContext db, long productId, CancellationToken cancellationToken)
    {
        var rows = await db.Products
            .FromSql($"SELECT * FROM catalog.products WHERE id = {productId} FOR UPDATE")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return rows.FirstOrDefault();
    }
}
