using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.Products;
using ProductDescriber.Imaging;

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

        Field<NonNullGraphType<StringGraphType>>("url")
            .Description("A short-lived signed link to the original file; usable in `<img src>` without a token. Fetch a fresh one when it expires.")
            .Resolve()
            .WithService<IFileLinks>()
            .Resolve((ctx, links) => links.CreateUrl(ctx.Source.StorageKey));
        Field<NonNullGraphType<StringGraphType>>("thumbnailUrl")
            .Description("A short-lived signed link to a scaled-down copy, made on first use and kept.")
            .Argument<NonNullGraphType<IntGraphType>>("size", arg =>
            {
                arg.Description = $"Longest edge in pixels, rounded up to one of {string.Join(", ", ThumbnailSizes.All)}.";
                arg.DefaultValue = ThumbnailSizes.Default;
            })
            .Argument<NonNullGraphType<ThumbnailFormatGraphType>>("format", arg =>
            {
                arg.Description = "Encoding of the thumbnail.";
                arg.DefaultValue = ThumbnailFormat.WebP;
            })
            .Resolve()
            .WithService<IFileLinks>()
            .Resolve((ctx, links) =>
            {
                var size = ThumbnailSizes.Snap(ctx.GetArgument<int>("size"))
                    ?? throw new ExecutionError($"`size` must be between 1 and {ThumbnailSizes.All[^1]}.") { Code = "INVALID_ARGUMENT" };
                var key = ReferenceImageKeys.Thumbnail(ctx.Source.StorageKey, size, ThumbnailSizes.Extension(ctx.GetArgument<ThumbnailFormat>("format")));
                return links.CreateUrl(key);
            });
    }
}

internal sealed class ThumbnailFormatGraphType : EnumerationGraphType
{
    public ThumbnailFormatGraphType()
    {
        Name = "ThumbnailFormat";
        Description = "How a thumbnail is encoded.";
        Add("WEBP", ThumbnailFormat.WebP, "WebP: smaller; keeps transparency.");
        Add("JPEG", ThumbnailFormat.Jpeg, "JPEG: for clients without WebP; transparency becomes white.");
    }
}
