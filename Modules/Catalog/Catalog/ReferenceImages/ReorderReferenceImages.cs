using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;

namespace ProductDescriber.Catalog.ReferenceImages;

/// <summary><c>reorderReferenceImages</c>: the order in which a product's photos are shown.</summary>
internal static class ReorderReferenceImages
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ReferenceImageOrderPayloadGraphType>, ReferenceImagesPayload>("reorderReferenceImages")
            .Description("Puts the product's images in the order given.")
            .Argument<NonNullGraphType<ReorderReferenceImagesInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<ReorderReferenceImagesHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.ReorderAsync(ctx.GetArgument<ReorderReferenceImagesInput>("input"), ctx.CancellationToken));
}

internal sealed class ReorderReferenceImagesInput
{
    public string ProductId { get; init; } = "";

    public List<string> ReferenceImageIds { get; init; } = [];
}

internal sealed class ReorderReferenceImagesInputGraphType : InputObjectGraphType<ReorderReferenceImagesInput>
{
    public ReorderReferenceImagesInputGraphType()
    {
        Name = "ReorderReferenceImagesInput";
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("referenceImageIds")
            .Description("Images in their new order; images left out follow, in their current order.");
    }
}

internal sealed class ReorderReferenceImagesHandler(ReferenceImageChange change)
{
    /// <summary>The ids given come first, in that order; images not named keep their relative order after them.</summary>
    public Task<ReferenceImagesPayload> ReorderAsync(ReorderReferenceImagesInput input, CancellationToken cancellationToken) =>
        change.RunAsync(
            input.ProductId,
            async (_, images) =>
            {
                var ordered = new List<long>();
                foreach (var id in input.ReferenceImageIds)
                {
                    if (!CatalogIds.TryReferenceImage(id, out var imageId) || images.All(i => i.Id != imageId))
                    {
                        return new ValidationError("referenceImageIds", $"'{id}' is not a reference image of this product.");
                    }

                    if (ordered.Contains(imageId))
                    {
                        return new ValidationError("referenceImageIds", $"'{id}' is listed twice.");
                    }

                    ordered.Add(imageId);
                }

                ordered.AddRange(images.Select(i => i.Id).Where(id => !ordered.Contains(id)));
                await change.RenumberAsync([.. ordered], cancellationToken);
                return null;
            },
            cancellationToken);
}
