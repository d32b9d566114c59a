using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.ReferenceImages;

namespace ProductDescriber.Catalog.Products;

internal sealed class ProductGraphType : NodeGraphType<ProductInfo>
{
    public ProductGraphType()
        : base(CatalogGraphTypes.Product, p => p.Id)
    {
        Description = "Something in the catalogue, with reference photos of it.";
        Field(p => p.Name).Description("Display name.");
        Field(p => p.Slug).Description("Unique, URL-friendly name (a-z, 0-9, '-', '_'). Changing it breaks no file link.");
        Field(p => p.Description, nullable: true).Description("Free text.");
        Field(p => p.Category, nullable: true).Description("Category, at most 100 characters.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Description("Lower-case tags, in the order given.").Resolve(ctx => ctx.Source.Tags);
        Field(p => p.IsArchived).Description("Archived products are left out of `products` by default and take no new images, analyses or generations.");
        Field(p => p.ArchivedAt, nullable: true).Description("When the product was archived; null when it is not.");
        Field(p => p.CreatedAt).Description("When the product was created.");
        Field(p => p.UpdatedAt).Description("When the product or its reference images last changed.");
        this.AddUserField("createdBy", "Who created the product; null if that user no longer exists.", p => p.CreatedById);

        // Loaders come from the request's scope (no WithScope): a new scope per field would give each product its
        // own loader, one query each.
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReferenceImageGraphType>>>, IReadOnlyList<ReferenceImageInfo>>("referenceImages")
            .Description("Reference photos in display order.")
            .Resolve()
            .WithService<ReferenceImagesByProductLoader>()
            .ResolveAsync((ctx, images) => images.LoadAsync(ctx.Source.Id));
        Field<ReferenceImageGraphType, ReferenceImageInfo?>("primaryImage")
            .Description("The photo that represents the product; null when it has none.")
            .Resolve()
            .WithService<PrimaryImageByProductLoader>()
            .ResolveAsync((ctx, primaries) => primaries.LoadAsync(ctx.Source.Id));
    }
}
