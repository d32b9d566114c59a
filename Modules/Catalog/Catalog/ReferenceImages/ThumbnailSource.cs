using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Catalog.Persistence;
using ProductDescriber.Imaging;

namespace ProductDescriber.Catalog.ReferenceImages;

/// <summary>
/// Makes a reference image's thumbnail the first time its link is opened and stores it next to the original, so
/// later requests (from any Host) are plain file reads. A thumbnail of a deleted image is never made.
/// </summary>
internal sealed partial class ThumbnailSource(IDbContextFactory<CatalogDbContext> contexts, IFileStorage storage, ImageDecodeGate decodeGate) : IDerivedFileSource
{
    public bool Handles(string key) => ThumbnailKey().IsMatch(key);

    public async Task<bool> TryCreateAsync(string key, CancellationToken cancellationToken)
    {
        var match = ThumbnailKey().Match(key);
        if (!match.Success || !int.TryParse(match.Groups["size"].Value, out var size) || !ThumbnailSizes.IsValid(size)
            || ThumbnailSizes.FormatOf(match.Groups["ext"].Value) is not { } format)
        {
            return false;
        }

        var originalPrefix = $"{match.Groups["folder"].Value}/refs/{match.Groups["stem"].Value}.";
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var original = await db.ReferenceImages.AsNoTracking()
            .Where(i => i.StorageKey.StartsWith(originalPrefix))
            .Select(i => i.StorageKey)
            .FirstOrDefaultAsync(cancellationToken);
        if (original is null)
        {
            return false;
        }

        await using var source = await storage.OpenReadAsync(original, cancellationToken);
        if (source is null)
        {
            return false;
        }

        // Skia needs a seekable stream: local files are; an S3 body is buffered (originals are at most the upload limit).
        await using var buffered = source.Content.CanSeek ? null : new MemoryStream();
        if (buffered is not null)
        {
            await source.Content.CopyToAsync(buffered, cancellationToken);
            buffered.Position = 0;
        }

        var content = buffered ?? source.Content;
        using var thumbnail = new MemoryStream();
        await decodeGate.RunAsync(() => { ThumbnailRenderer.Render(content, size, format, thumbnail); return true; }, cancellationToken);
        thumbnail.Position = 0;
        await storage.SaveAsync(key, thumbnail, ThumbnailRenderer.MimeType(format), cancellationToken);
        return true;
    }

    [GeneratedRegex(@"^(?<folder>[A-Za-z0-9_.-]+)/refs/thumbs/(?<stem>[0-9a-f]{32})-(?<size>[0-9]{1,4})(?<ext>\.webp|\.jpg)$")]
    private static partial Regex ThumbnailKey();
}
