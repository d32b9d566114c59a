using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Catalog.Persistence;
using ProductDescriber.Catalog.Products;

namespace ProductDescriber.Catalog.ReferenceImages;

/// <summary><c>deleteReferenceImage</c>: a photo and its thumbnails gone; the next photo becomes primary if needed.</summary>
internal static class DeleteReferenceImage
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<DeleteReferenceImagePayloadGraphType>, ReferenceImagesPayload>("deleteReferenceImage")
            .Description("Deletes the image and its files; if it was primary, the next image in order becomes primary.")
            .Argument<NonNullGraphType<DeleteReferenceImageInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<DeleteReferenceImageHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.DeleteAsync(ctx.GetArgument<ReferenceImageInput>("input"), ctx.CancellationToken));
}

internal sealed class DeleteReferenceImageInputGraphType() : ReferenceImageInputGraphType("DeleteReferenceImageInput");

internal sealed class DeleteReferenceImagePayloadGraphType : PayloadGraphType<ReferenceImagesPayload>
{
    public DeleteReferenceImagePayloadGraphType()
        : base("DeleteReferenceImagePayload")
    {
        Field<ProductGraphType>("product").Description("The product after the deletion (a new primary if the old one went).").Resolve(ctx => ctx.Source.Product);
        Field<IdGraphType>("deletedReferenceImageId").Description("The image deleted; null when nothing was.").Resolve(ctx => ctx.Source.DeletedReferenceImageId);
    }
}

/// <summary>
/// The row goes in the transaction, which also records the deletion of the file and its thumbnails; the files go
/// right after the commit, or later by the janitor if storage fails.
/// </summary>
internal sealed class DeleteReferenceImageHandler(CatalogDbContext db, ReferenceImageChange change, IFileLedger ledger)
{
    public async Task<ReferenceImagesPayload> DeleteAsync(ReferenceImageInput input, CancellationToken cancellationToken)
    {
        IReadOnlyList<FileLedgerEntry> files = [];
        var payload = await change.RunAsync(
            input.ProductId,
            async (_, images) =>
            {
                if (!CatalogIds.TryReferenceImage(input.ReferenceImageId, out var imageId) || images.FirstOrDefault(i => i.Id == imageId) is not { } image)
                {
                    return CatalogIds.ReferenceImageNotFound;
                }

                files = await ledger.RecordDeletionsAsync(
                    db,
                    [FileDeletion.Of(image.StorageKey), FileDeletion.Under(ReferenceImageKeys.DerivedPrefix(image.StorageKey))],
                    cancellationToken);
                await db.ReferenceImages.Where(i => i.Id == imageId).ExecuteDeleteAsync(cancellationToken);

                var rest = images.Where(i => i.Id != imageId).ToList();
                if (image.IsPrimary && rest.Count > 0)
                {
                    var next = rest[0].Id;
                    await db.ReferenceImages.Where(i => i.Id == next).ExecuteUpdateAsync(i => i.SetProperty(x => x.IsPrimary, true), cancellationToken);
                }

                await change.RenumberAsync([.. rest.Select(i => i.Id)], cancellationToken);
                return null;
            },
            cancellationToken);

        if (payload.Errors.Count == 0)
        {
            await ledger.DeleteNowAsync(files, CancellationToken.None);
            return payload with { DeletedReferenceImageId = input.ReferenceImageId };
        }

        return payload;
    }
}
