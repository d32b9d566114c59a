using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;

namespace ProductDescriber.Catalog.GraphQL;

internal sealed class ProductPayloadGraphType : PayloadGraphType<ProductPayload>
{
    public ProductPayloadGraphType()
        : base("ProductPayload")
    {
        Description = "Result of a mutation that changes a product.";
        Field<ProductGraphType>("product").Description("The product as changed; null when the mutation failed.").Resolve(ctx => ctx.Source.Product);
    }
}

internal sealed class DeleteProductPayloadGraphType : PayloadGraphType<DeleteProductPayload>
{
    public DeleteProductPayloadGraphType()
        : base("DeleteProductPayload")
    {
        Field<IdGraphType>("deletedProductId").Description("The id of the product deleted; null when nothing was.").Resolve(ctx => ctx.Source.DeletedProductId);
    }
}

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

internal sealed class ReferenceImageOrderPayloadGraphType : PayloadGraphType<ReferenceImagesPayload>
{
    public ReferenceImageOrderPayloadGraphType()
        : base("ReferenceImageOrderPayload")
    {
        Description = "Result of changing which image is primary or the images' order.";
        Field<ProductGraphType>("product").Description("The product, with its images as now ordered.").Resolve(ctx => ctx.Source.Product);
    }
}

internal sealed class DeleteReferenceImagePayloadGraphType : PayloadGraphType<ReferenceImagesPayload>
{
    public DeleteReferenceImagePayloadGraphType()
        : base("DeleteReferenceImagePayload")
    {
        Field<ProductGraphType>("product").Description("The product after the deletion (a new primary if the old one went).").Resolve(ctx => ctx.Source.Product);
        Field<IdGraphType>("deletedReferenceImageId").Description("The image deleted; null when nothing was.").Resolve(ctx => ctx.Source.DeletedReferenceImageId);
    }
}
