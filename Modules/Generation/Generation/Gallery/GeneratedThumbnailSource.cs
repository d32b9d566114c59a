using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.BuildingBlocks.Storage.Thumbnails;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Imaging;

namespace ProductDescriber.Generation.Gallery;

/// <summary>
/// Thumbnails of generated images (<c>{folder}/generated/{yyyy}/{mm}/thumbs/{request}_{index}-{size}.{ext}</c>),
/// made when first fetched. The original is found by (request, index), the unique key, and must be the file the
/// thumbnail key names.
/// </summary>
internal sealed partial class GeneratedThumbnailSource(IDbContextFactory<GenerationDbContext> contexts, IFileStorage storage, ImageDecodeGate decodeGate)
    : ThumbnailFileSource(storage, decodeGate)
{
    protected override bool IsMine(ThumbnailKey thumbnail) => GeneratedFolder().IsMatch(thumbnail.Folder) && Stem().IsMatch(thumbnail.Stem);

    protected override async Task<string?> FindOriginalAsync(ThumbnailKey thumbnail, CancellationToken cancellationToken)
    {
        var stem = Stem().Match(thumbnail.Stem);
        if (!long.TryParse(stem.Groups["request"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var requestId))
        {
            return null;
        }

        var index = int.Parse(stem.Groups["index"].Value, CultureInfo.InvariantCulture);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Images.AsNoTracking()
            .Where(i => i.RequestId == requestId && i.Index == index)
            .Select(i => i.StorageKey)
            .FirstOrDefaultAsync(cancellationToken);
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+/generated/[0-9]{4}/[0-9]{2}$")]
    private static partial Regex GeneratedFolder();

    [GeneratedRegex("^(?<request>[1-9][0-9]{0,18})_(?<index>[0-7])$")]
    private static partial Regex Stem();
}
