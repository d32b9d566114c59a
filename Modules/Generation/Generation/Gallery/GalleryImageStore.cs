using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Generation.Descriptions;
using ProductDescriber.Generation.Fidelity;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Generation.Requests;
using ProductDescriber.Imaging;
using ProductDescriber.Imaging.Provenance;

namespace ProductDescriber.Generation.Gallery;

/// <summary>
/// Stores each picture as it arrives: checked to be a real image (the provider's MIME type is not trusted), its
/// provenance written into the file's XMP, the file saved under the product's folder, then its row (with the request's
/// progress, by <see cref="GenerationRequests"/>). The key is fixed
/// by (request, index), so a job re-run after a crash overwrites a half-stored file instead of leaving a second one,
/// and the file ledger removes a file whose row never came.
/// </summary>
internal sealed class GalleryImageStore(
    IDbContextFactory<GenerationDbContext> contexts,
    IFileStorage storage,
    IFileLedger ledger,
    ImageDecodeGate gate,
    IOptions<GenerationOptions> options,
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

    /// <summary>
    /// The picture's file, saved with its provenance and its upload in the ledger, and the row to insert for it
    /// (<see cref="InsertAsync"/>, in the same commit as the request's progress); or why the bytes could not be an
    /// image (kind INVALID_IMAGE). The row carries the picture's fidelity to <paramref name="targets"/>, measured here
    /// once (never on read).
    /// </summary>
    public async Task<(SavedImage? Saved, ImageFailure? Failure)> SaveAsync(
        GenerationRequest request, ProductInfo product, Providers.Abstractions.GeneratedImage picture, string digitalSourceType, FidelityTargets targets, CancellationToken cancellationToken)
    {
        var bytes = picture.Bytes.ToArray();
        var inspection = await gate.RunAsync(() => ImageInspector.Inspect(new MemoryStream(bytes, writable: false), MaxPixels), cancellationToken);
        if (inspection.Facts is not { } facts || !Accepted.Contains(facts.Format))
        {
            var why = inspection.Rejection?.Message ?? $"{inspection.Facts?.MimeType} is not a format the gallery keeps";
            return (null, new ImageFailure(picture.Index, "INVALID_IMAGE", $"The provider's picture was not usable: {why}."));
        }

        var fidelity = await MeasureAsync(bytes, targets, cancellationToken);
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
            Fidelity = fidelity,
            FidelityScore = fidelity.Score,
            FidelityFlagged = fidelity.Flagged,

            // Asked for with the request: described by its own job once the row is committed (ADR 0037).
            Description = request.DescribeImages
                ? ImageDescription.Pending(1, request.DescribeProvider ?? "", request.SpecificationVersion, request.RequestedById, provenance.CreatedAt)
                : null,
            DescriptionStatus = request.DescribeImages ? DescriptionStatus.Pending : null,
        };
        return (new SavedImage(image, upload), null);
    }

    /// <summary>
    /// The picture's fidelity, decoded under the gate. A fault of the measurement is recorded as "not measured":
    /// it never costs the picture, which was paid for and is valid.
    /// </summary>
    private async Task<ImageFidelity> MeasureAsync(byte[] bytes, FidelityTargets targets, CancellationToken cancellationToken)
    {
        if (targets.Colours.Count == 0)
        {
            return ImageFidelity.NotMeasured("The specification names no colour to compare with.");
        }

        try
        {
            var threshold = options.Value.FidelityDeltaEThreshold;
            return await gate.RunAsync(() => FidelityMeter.Measure(bytes, targets, threshold, cancellationToken), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            return ImageFidelity.NotMeasured($"The picture could not be measured: {exception.GetType().Name}.");
        }
    }

    /// <summary><c>{folder}/generated/{yyyy}/{mm}/{request}_{index}{.ext}</c>, dated by the request so a re-run writes the same key.</summary>
    public static string Key(ProductInfo product, GenerationRequest request, int index, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"{product.StorageFolder}/generated/{request.CreatedAt.UtcDateTime:yyyy}/{request.CreatedAt.UtcDateTime:MM}/{request.Id}_{index}{extension}");

    /// <summary>Adds the saved picture's row in <paramref name="db"/>'s transaction, its upload confirmed with it.</summary>
    public async Task InsertAsync(GenerationDbContext db, SavedImage saved, CancellationToken cancellationToken)
    {
        await ledger.ConfirmUploadAsync(db, saved.Upload, cancellationToken);
        db.Images.Add(saved.Image);
    }

    /// <summary>
    /// When <see cref="InsertAsync"/> found the index already stored (another run of this job stored it first, under
    /// the same key): the file is that row's now, so the upload entry goes (the file must not be collected) and the
    /// stored row stands.
    /// </summary>
    public async Task<GalleryImage> SettleDuplicateAsync(SavedImage saved, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using (var confirm = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await ledger.ConfirmUploadAsync(db, saved.Upload, cancellationToken);
            await confirm.CommitAsync(cancellationToken);
        }

        return await db.Images.AsNoTracking().SingleAsync(i => i.RequestId == saved.Image.RequestId && i.Index == saved.Image.Index, cancellationToken);
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

/// <summary>A picture's file, saved and recorded in the ledger as an upload, and its row not inserted yet.</summary>
internal sealed record SavedImage(GalleryImage Image, FileLedgerEntry Upload);
