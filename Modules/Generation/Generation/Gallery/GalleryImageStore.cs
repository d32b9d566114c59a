using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Generation.Requests;
using ProductDescriber.Imaging;
using ProductDescriber.Imaging.Provenance;

namespace ProductDescriber.Generation.Gallery;

/// <summary>
/// Stores each picture as it arrives: checked to be a real image (the provider's MIME type is not trusted), its
/// provenance written into the file's XMP, the file saved under the product's folder, then its row. The key is fixed
/// by (request, index), so a job re-run after a crash overwrites a half-stored file instead of leaving a second one,
/// and the file ledger removes a file whose row never came.
/// </summary>
internal sealed class GalleryImageStore(
    IDbContextFactory<GenerationDbContext> contexts,
    IFileStorage storage,
    IFileLedger ledger,
    ImageDecodeGate gate,
    TimeProvider time)
{
    /// <summary>Larger than any 4K picture (4096 x 4096): a provider answering with a pixel bomb is refused.</summary>
    private const long MaxPixels = 40_000_000;

    private static readonly HashSet<ImageFormat> Accepted = [ImageFormat.Png, ImageFormat.Jpeg, ImageFormat.WebP];

    public async Task<List<GalleryImage>> ListAsync(long requestId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Images.AsNoTracking().Where(i => i.RequestId == requestId).OrderBy(i => i.Index).ToListAsync(cancellationToken);
    }

    /// <summary>The stored image, or why the bytes could not be one (kind INVALID_IMAGE).</summary>
    public async Task<(GalleryImage? Image, ImageFailure? Failure)> StoreAsync(
        GenerationRequest request, ProductInfo product, Providers.Abstractions.GeneratedImage picture, string digitalSourceType, CancellationToken cancellationToken)
    {
        var bytes = picture.Bytes.ToArray();
        var inspection = await gate.RunAsync(() => ImageInspector.Inspect(new MemoryStream(bytes, writable: false), MaxPixels), cancellationToken);
        if (inspection.Facts is not { } facts || !Accepted.Contains(facts.Format))
        {
            var why = inspection.Rejection?.Message ?? $"{inspection.Facts?.MimeType} is not a format the gallery keeps";
            return (null, new ImageFailure(picture.Index, "INVALID_IMAGE", $"The provider's picture was not usable: {why}."));
        }

        var model = picture.Usage.Model ?? request.Model;
        var provenance = Provenance(request, picture.Index, model, digitalSourceType, time.GetUtcNow());
        XmpProvenance.TryEmbed(bytes, provenance, out var withXmp);
        var key = Key(product, request, picture.Index, facts.Extension);

        var upload = await ledger.RecordUploadAsync(key, cancellationToken);
        await using (var content = new MemoryStream(withXmp, writable: false))
        {
            await storage.SaveAsync(key, content, facts.MimeType, cancellationToken);
        }

        var image = new GalleryImage
        {
            RequestId = request.Id,
            ProductId = request.ProductId,
            Index = picture.Index,
            SpecificationVersion = request.SpecificationVersion,
            StorageKey = key,
            MimeType = facts.MimeType,
            Width = facts.Width,
            Height = facts.Height,
            SizeBytes = withXmp.LongLength,
            Model = model,
            ModelText = picture.ModelText is { Length: > 8000 } text ? text[..8000] : picture.ModelText,
            DigitalSourceType = digitalSourceType,
            CreatedAt = provenance.CreatedAt,
        };
        return (await InsertAsync(image, upload, cancellationToken), null);
    }

    /// <summary><c>{folder}/generated/{yyyy}/{mm}/{request}_{index}{.ext}</c>, dated by the request so a re-run writes the same key.</summary>
    public static string Key(ProductInfo product, GenerationRequest request, int index, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"{product.StorageFolder}/generated/{request.CreatedAt.UtcDateTime:yyyy}/{request.CreatedAt.UtcDateTime:MM}/{request.Id}_{index}{extension}");

    private async Task<GalleryImage> InsertAsync(GalleryImage image, FileLedgerEntry upload, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ledger.ConfirmUploadAsync(db, upload, cancellationToken);
        db.Images.Add(image);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return image;
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another run of this job stored the index first, under the same key: the file is that row's now, so the
            // upload entry goes (the file must not be collected) and the stored row stands.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            await using var confirm = await db.Database.BeginTransactionAsync(cancellationToken);
            await ledger.ConfirmUploadAsync(db, upload, cancellationToken);
            await confirm.CommitAsync(cancellationToken);
            return await db.Images.AsNoTracking().SingleAsync(i => i.RequestId == image.RequestId && i.Index == image.Index, cancellationToken);
        }
    }

    private static ImageProvenance Provenance(GenerationRequest request, int index, string? model, string digitalSourceType, DateTimeOffset createdAt) => new(
        digitalSourceType,
        GenerationIds.Specification(request.SpecificationId),
        request.SpecificationVersion,
        [.. request.ReferenceImageIds.Select(GenerationIds.ReferenceImage)],
        request.Provider,
        model,
        request.Resolution,
        request.AspectRatio,
        request.Seed,
        request.PromptSha256,
        GenerationIds.Request(request.Id),
        index,
        createdAt,
        "Product Describer");
}
