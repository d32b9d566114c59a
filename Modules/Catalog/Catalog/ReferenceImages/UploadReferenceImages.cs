using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.GraphQL.Uploads;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.Persistence;
using ProductDescriber.Catalog.Products;
using ProductDescriber.Imaging;

namespace ProductDescriber.Catalog.ReferenceImages;

/// <summary><c>uploadReferenceImages</c>: photos of a product, sent as a GraphQL multipart request.</summary>
internal static class UploadReferenceImages
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<UploadReferenceImagesPayloadGraphType>, UploadReferenceImagesPayload>("uploadReferenceImages")
            .Description("Stores photos of a product (multipart request). Valid files are stored even when others in the batch are refused.")
            .Argument<NonNullGraphType<UploadReferenceImagesInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<UploadReferenceImagesHandler>()
            .ResolveAsync(async (ctx, handler) =>
                await handler.UploadAsync(ctx.GetArgument<UploadReferenceImagesInput>("input"), ctx.User.GetUserId(), ctx.CancellationToken));
}

internal sealed class UploadReferenceImagesInput
{
    public string ProductId { get; init; } = "";

    public List<IUploadedFile> Files { get; init; } = [];
}

internal sealed class UploadReferenceImagesInputGraphType : InputObjectGraphType<UploadReferenceImagesInput>
{
    public UploadReferenceImagesInputGraphType()
    {
        Name = "UploadReferenceImagesInput";
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product the photos show.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UploadGraphType>>>>("files")
            .Description("JPEG, PNG, WebP or GIF files, sent as a multipart request. A product holds at most 20.");
    }
}

/// <param name="ReferenceImages">The images stored by this call, in the order sent.</param>
internal sealed record UploadReferenceImagesPayload(ProductInfo? Product, IReadOnlyList<ReferenceImageInfo> ReferenceImages, IReadOnlyList<PayloadError> Errors) : IPayload;

internal sealed class UploadReferenceImagesPayloadGraphType : PayloadGraphType<UploadReferenceImagesPayload>
{
    public UploadReferenceImagesPayloadGraphType()
        : base("UploadReferenceImagesPayload")
    {
        Description = "The files stored and, in `errors`, each file refused (as InvalidImageError) with why.";
        Field<ProductGraphType>("product").Description("The product after the upload.").Resolve(ctx => ctx.Source.Product);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReferenceImageGraphType>>>>("referenceImages")
            .Description("The images stored by this request, in the order sent.")
            .Resolve(ctx => ctx.Source.ReferenceImages);
    }
}

/// <summary>
/// Stores each valid file of a batch and reports each invalid one; a file is kept only if its row commits.
/// Per file: inspect the bytes, record a pending deletion of the key it will get, store it, then in one
/// transaction under the product's lock check room and state, insert the row and drop the pending deletion.
/// A crash at any point leaves at worst a pending deletion that the janitor carries out.
/// </summary>
internal sealed class UploadReferenceImagesHandler(
    CatalogDbContext db,
    IFileStorage storage,
    IFileLedger ledger,
    ImageDecodeGate decodeGate,
    IOptions<CatalogOptions> options,
    TimeProvider clock)
{
    private readonly CatalogOptions _options = options.Value;

    public async Task<UploadReferenceImagesPayload> UploadAsync(UploadReferenceImagesInput input, long? callerId, CancellationToken cancellationToken)
    {
        if (!CatalogIds.TryProduct(input.ProductId, out var productId)
            || await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, cancellationToken) is not { } product)
        {
            return Failure(CatalogIds.ProductNotFound);
        }

        if (product.ArchivedAt is not null)
        {
            return Failure(new ProductArchivedError(input.ProductId));
        }

        if (input.Files.Count == 0)
        {
            return Failure(new ValidationError("files", "Choose at least one file."));
        }

        var stored = new List<ReferenceImageInfo>();
        var errors = new List<PayloadError>();
        var room = _options.MaxReferenceImagesPerProduct - await db.ReferenceImages.CountAsync(i => i.ProductId == productId, cancellationToken);
        for (var index = 0; index < input.Files.Count; index++)
        {
            var file = input.Files[index];
            if (room <= 0)
            {
                // Checked again under the lock; this only spares decoding files that cannot fit.
                errors.Add(TooMany(index, file));
                continue;
            }

            var (image, error) = await StoreAsync(product, index, file, callerId, cancellationToken);
            if (error is not null)
            {
                errors.Add(error);
                if (error is ProductArchivedError or NotFoundError)
                {
                    break;
                }
            }
            else
            {
                stored.Add(image!);
                room--;
            }
        }

        var current = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, cancellationToken);
        return new UploadReferenceImagesPayload(current?.ToInfo(), stored, errors);
    }

    private async Task<(ReferenceImageInfo? Image, PayloadError? Error)> StoreAsync(Product product, int index, IUploadedFile file, long? callerId, CancellationToken cancellationToken)
    {
        await using var content = file.OpenReadStream();
        var inspection = await decodeGate.RunAsync(() => ImageInspector.Inspect(content, _options.MaxImagePixels), cancellationToken);
        if (inspection.Rejection is { } rejection)
        {
            return (null, new InvalidImageError(index, FileNames.Sanitize(file.FileName, ""), rejection.Reason, rejection.Message));
        }

        var facts = inspection.Facts!;
        var fileName = FileNames.Sanitize(file.FileName, facts.Extension);
        var key = ReferenceImageKeys.Original(product.StorageFolder, Guid.NewGuid(), facts.Extension);
        var pending = await ledger.RecordUploadAsync(key, cancellationToken);

        try
        {
            content.Position = 0;
            await storage.SaveAsync(key, content, facts.MimeType, cancellationToken);
            var (image, error) = await InsertAsync(product.Id, pending, new ReferenceImage
            {
                ProductId = product.Id,
                FileName = fileName,
                StorageKey = key,
                MimeType = facts.MimeType,
                SizeBytes = content.Length,
                Width = facts.Width,
                Height = facts.Height,
                UploadedById = callerId,
            }, index, file, cancellationToken);
            if (error is not null)
            {
                await ledger.DeleteNowAsync([pending], CancellationToken.None);
            }

            return (image, error);
        }
        catch
        {
            db.ChangeTracker.Clear();
            await ledger.DeleteNowAsync([pending], CancellationToken.None);
            throw;
        }
    }

    private async Task<(ReferenceImageInfo? Image, PayloadError? Error)> InsertAsync(
        long productId, FileLedgerEntry pending, ReferenceImage image, int index, IUploadedFile file, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var product = await ProductLock.AcquireAsync(db, productId, cancellationToken);
        if (product is null)
        {
            return (null, CatalogIds.ProductNotFound);
        }

        if (product.ArchivedAt is not null)
        {
            return (null, new ProductArchivedError(CatalogIds.Product(productId)));
        }

        // Grouped by the product it is filtered on: at most one group, none when the product has no image yet.
        var siblings = await db.ReferenceImages.Where(i => i.ProductId == productId)
            .GroupBy(i => i.ProductId)
            .Select(g => new { Count = g.Count(), MaxOrder = g.Max(i => i.DisplayOrder) })
            .SingleOrDefaultAsync(cancellationToken);
        var count = siblings?.Count ?? 0;
        if (count >= _options.MaxReferenceImagesPerProduct)
        {
            return (null, TooMany(index, file));
        }

        image.IsPrimary = count == 0;
        image.DisplayOrder = (siblings?.MaxOrder ?? 0) + 1;
        db.ReferenceImages.Add(image);
        await ledger.ConfirmUploadAsync(db, pending, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.Products.Where(p => p.Id == productId).ExecuteUpdateAsync(p => p.SetProperty(x => x.UpdatedAt, clock.GetUtcNow()), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (image.ToInfo(), null);
    }

    private InvalidImageError TooMany(int index, IUploadedFile file) => new(
        index,
        FileNames.Sanitize(file.FileName, ""),
        InvalidImageError.TooManyImages,
        $"A product holds at most {_options.MaxReferenceImagesPerProduct} reference images; delete one to add another.");

    private static UploadReferenceImagesPayload Failure(PayloadError error) => new(null, [], [error]);
}
