using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Uploads;

namespace ProductDescriber.Catalog.GraphQL;

internal sealed class CreateProductInputGraphType : InputObjectGraphType<CreateProductInput>
{
    public CreateProductInputGraphType()
    {
        Name = "CreateProductInput";
        Field(i => i.Name).Description("Display name, at most 255 characters (trimmed).");
        Field(i => i.Slug, nullable: true).Description("Unique URL name (a-z, 0-9, '-', '_', at most 255). Left out: derived from the name, made unique with a suffix.");
        Field(i => i.Description, nullable: true).Description("Free text.");
        Field(i => i.Category, nullable: true).Description("At most 100 characters.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("At most 30 tags of at most 50 characters; trimmed, lower-cased, duplicates dropped.");
    }
}

internal sealed class UpdateProductInputGraphType : InputObjectGraphType
{
    public UpdateProductInputGraphType()
    {
        Name = "UpdateProductInput";
        Description = "Only the fields you send change; `null` clears description, category or tags.";
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product to change.");
        Field<StringGraphType>("name").Description("New name (cannot be null).");
        Field<StringGraphType>("slug").Description("New slug (cannot be null). File links keep working.");
        Field<StringGraphType>("description").Description("New description.");
        Field<StringGraphType>("category").Description("New category.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("The new full list of tags.");
    }
}

internal abstract class ProductIdInputGraphType : InputObjectGraphType<ProductIdInput>
{
    protected ProductIdInputGraphType(string name)
    {
        Name = name;
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product.");
    }
}

internal sealed class ArchiveProductInputGraphType() : ProductIdInputGraphType("ArchiveProductInput");

internal sealed class RestoreProductInputGraphType() : ProductIdInputGraphType("RestoreProductInput");

internal sealed class DeleteProductInputGraphType() : ProductIdInputGraphType("DeleteProductInput");

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

internal abstract class ReferenceImageInputGraphType : InputObjectGraphType<ReferenceImageInput>
{
    protected ReferenceImageInputGraphType(string name)
    {
        Name = name;
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product the image belongs to.");
        Field<NonNullGraphType<IdGraphType>>("referenceImageId").Description("The image.");
    }
}

internal sealed class SetPrimaryReferenceImageInputGraphType() : ReferenceImageInputGraphType("SetPrimaryReferenceImageInput");

internal sealed class DeleteReferenceImageInputGraphType() : ReferenceImageInputGraphType("DeleteReferenceImageInput");

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

internal sealed class ProductOrderInputGraphType : InputObjectGraphType
{
    public ProductOrderInputGraphType()
    {
        Name = "ProductOrder";
        Description = "Ordering of `products`; ties are broken by id, so paging is stable.";
        Field<NonNullGraphType<ProductOrderFieldGraphType>>("field").Description("What to order by.");
        Field<NonNullGraphType<SortDirectionGraphType>>("direction").Description("Ascending or descending.").DefaultValue(SortDirection.Asc);
    }
}

internal enum ProductOrderField
{
    Name,
    CreatedAt,
    UpdatedAt,
    Relevance,
}

internal enum SortDirection
{
    Asc,
    Desc,
}

internal sealed class ProductOrderFieldGraphType : EnumerationGraphType
{
    public ProductOrderFieldGraphType()
    {
        Name = "ProductOrderField";
        Add("NAME", ProductOrderField.Name, "Name, case-insensitive.");
        Add("CREATED_AT", ProductOrderField.CreatedAt, "Creation time.");
        Add("UPDATED_AT", ProductOrderField.UpdatedAt, "Last change.");
        Add("RELEVANCE", ProductOrderField.Relevance, "Full-text rank; only with `search` (descending = best first).");
    }
}

internal sealed class SortDirectionGraphType : EnumerationGraphType
{
    public SortDirectionGraphType()
    {
        Name = "SortDirection";
        Add("ASC", SortDirection.Asc, "Smallest first.");
        Add("DESC", SortDirection.Desc, "Largest first.");
    }
}
