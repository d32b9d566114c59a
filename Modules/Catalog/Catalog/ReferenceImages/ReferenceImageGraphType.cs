using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Files;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.Products;

namespace ProductDescriber.Catalog.ReferenceImages;

internal sealed class ReferenceImageGraphType : NodeGraphType<ReferenceImageInfo>
{
    public ReferenceImageGraphType()
        : base(CatalogGraphTypes.ReferenceImage, i => i.Id)
    {
        Description = "A reference photo of a product.";
        Field(i => i.FileName).Description("The uploaded file's name, without folders or control characters.");
        Field(i => i.MimeType).Description("The real type, read from the bytes: image/jpeg, image/png, image/webp or image/gif.");
        Field<NonNullGraphType<IntGraphType>>("sizeBytes").Description("File size in bytes.").Resolve(ctx => (int)ctx.Source.SizeBytes);
        Field(i => i.Width).Description("Width in pixels as displayed (EXIF orientation applied).");
        Field(i => i.Height).Description("Height in pixels as displayed (EXIF orientation applied).");
        Field(i => i.IsPrimary).Description("Whether this is the product's primary photo (exactly one per product).");
        Field(i => i.DisplayOrder).Description("Position among the product's photos, from 1.");
        Field(i => i.UploadedAt).Description("When the photo was uploaded.");
        this.AddUserField("uploadedBy", "Who uploaded the photo; null if that user no longer exists.", i => i.UploadedById);
        Field<NonNullGraphType<ProductGraphType>, ProductInfo?>("product")
            .Description("The product shown.")
            .Resolve()
            .WithService<ProductByIdLoader>()
            .ResolveAsync((ctx, products) => products.LoadAsync(ctx.Source.ProductId));

        this.AddImageLinkFields(i => i.StorageKey);
    }
}
