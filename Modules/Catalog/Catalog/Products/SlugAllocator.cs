using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Catalog.Persistence;

namespace ProductDescriber.Catalog.Products;

/// <summary>Finds free slugs and storage folders. The unique indexes decide races; this only makes them rare.</summary>
internal sealed class SlugAllocator(CatalogDbContext db, IFileLedger ledger)
{
    public Task<bool> IsTakenAsync(string slug, long? exceptProductId, CancellationToken cancellationToken) =>
        db.Products.AnyAsync(p => p.Slug == slug && p.Id != exceptProductId, cancellationToken);

    /// <summary>The first free of "slug-2", "slug-3", ... (one query).</summary>
    public async Task<string> SuggestAsync(string slug, CancellationToken cancellationToken)
    {
        var stem = slug.Length > ProductRules.MaxSlugLength - 8 ? slug[..(ProductRules.MaxSlugLength - 8)] : slug;
        var taken = (await db.Products
            .Where(p => p.Slug.StartsWith(stem + "-"))
            .Select(p => p.Slug)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        for (var n = 2; ; n++)
        {
            var candidate = $"{stem}-{n}";
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>
    /// The slug itself when no product (also one renamed since) uses it as its folder and no deletion of such a
    /// folder is pending; else the slug with a random suffix, so a new product never shares files with an old one.
    /// </summary>
    public async Task<string> StorageFolderForAsync(string slug, CancellationToken cancellationToken)
    {
        var folderPrefix = slug + "/";
        var busy = await db.Products.AnyAsync(p => p.StorageFolder == slug, cancellationToken)
            || await ledger.HasPendingUnderAsync(folderPrefix, cancellationToken);
        return busy ? RandomFolder(slug) : slug;
    }

    public static string RandomFolder(string slug) => $"{slug}-{Guid.NewGuid().ToString("N")[..8]}";
}
