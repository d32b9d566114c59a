using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.Catalog.Persistence;

namespace ProductDescriber.Catalog.ReferenceImages;

/// <summary><c>setPrimaryReferenceImage</c>: which photo represents the product.</summary>
internal static class SetPrimaryReferenceImage
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ReferenceImageOrderPayloadGraphType>, ReferenceImagesPayload>("setPrimaryReferenceImage")
            .Description("Makes the image the product's primary one (the previous primary stops being primary).")
            .Argument<NonNullGraphType<SetPrimaryReferenceImageInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<SetPrimaryReferenceImageHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.SetPrimaryAsync(ctx.GetArgument<ReferenceImageInput>("input"), ctx.CancellationToken));
}

internal sealed class SetPrimaryReferenceImageInputGraphType() : ReferenceImageInputGraphType("SetPrimaryReferenceImageInput");

internal sealed class SetPrimaryReferenceImageHandler(CatalogDbContext db, ReferenceImageChange change)
{
    public Task<ReferenceImagesPayload> SetPrimaryAsync(ReferenceImageInput input, CancellationToken cancellationToken) =>
        change.RunAsync(
            input.ProductId,
            async (productId, images) =>
            {
                if (!CatalogIds.TryReferenceImage(input.ReferenceImageId, out var imageId) || images.All(i => i.Id != imageId))
                {
                    return CatalogIds.ReferenceImageNotFound;
                }

                // Two statements, old primary off first: the one-primary index is checked row by row.
                await db.ReferenceImages.Where(i => i.ProductId == productId && i.IsPrimary && i.Id != imageId)
                    .ExecuteUpdateAsync(i => i.SetProperty(x => x.IsPrimary, false), cancellationToken);
                await db.ReferenceImages.Where(i => i.Id == imageId && !i.IsPrimary)
                    .ExecuteUpdateAsync(i => i.SetProperty(x => x.IsPrimary, true), cancellationToken);
                return null;
            },
            cancellationToken);
}
