using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;

namespace ProductDescriber.Catalog.GraphQL;

internal sealed class SlugTakenErrorGraphType : PayloadErrorGraphType<SlugTakenError>
{
    public SlugTakenErrorGraphType()
        : base("SlugTakenError", "Another product already has this slug.")
    {
        Field(e => e.Slug).Description("The slug asked for.");
        Field(e => e.Suggestion).Description("A similar slug that was free when this error was returned.");
    }
}

internal sealed class InvalidImageErrorGraphType : PayloadErrorGraphType<InvalidImageError>
{
    public InvalidImageErrorGraphType()
        : base("InvalidImageError", "A file was not stored: it is not an image we accept, or the product has no room for it.")
    {
        Field(e => e.Index).Description("Position of the file in the `files` list, from 0.");
        Field(e => e.FileName).Description("The file's name as sent (sanitised).");
        Field(e => e.Reason).Description("EMPTY, NOT_AN_IMAGE, CORRUPT, TOO_MANY_PIXELS, TRAILING_DATA, TOO_LARGE or TOO_MANY_IMAGES.");
    }
}

internal sealed class ProductArchivedErrorGraphType : PayloadErrorGraphType<ProductArchivedError>
{
    public ProductArchivedErrorGraphType()
        : base("ProductArchivedError", "The product is archived; restore it first.")
    {
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The archived product.").Resolve(ctx => ctx.Source.ProductId);
    }
}
