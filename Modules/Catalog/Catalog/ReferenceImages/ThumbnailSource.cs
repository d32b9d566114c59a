using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.BuildingBlocks.Storage.Thumbnails;
using ProductDescriber.Catalog.Persistence;
using ProductDescriber.Imaging;

namespace ProductDescriber.Catalog.ReferenceImages;

/// <summary>Thumbnails of reference images (<c>{folder}/refs/thumbs/{id}-{size}.{ext}</c>), made when first fetched.</summary>
internal sealed partial class ThumbnailSource(IDbContextFactory<CatalogDbContext> contexts, IFileStorage storage, ImageDecodeGate decodeGate)
    : ThumbnailFileSource(storage, decodeGate)
{
    protected override bool IsMine(ThumbnailKey thumbnail) => RefsFolder().IsMatch(thumbnail.Folder) && Stem().IsMatch(thumbnail.Stem);

    protected override async Task<string?> FindOriginalAsync(ThumbnailKey thumbnail, CancellationToken cancellationToken)
    {
        var originalPrefix = $"{thumbnail.Folder}/{thumbnail.Stem}.";
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ReferenceImages.AsNoTracking()
            .Where(i => i.StorageKey.StartsWith(originalPrefix))
            .Select(i => i.StorageKey)
            .FirstOrDefaultAsync(cancellationToken);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/refs$")]
    private static partial Regex RefsFolder();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex Stem();
}
