using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Catalog.GraphQL;

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
        AddField(UserField<ProductInfo>("createdBy", "Who created the product; null if that user no longer exists.", p => p.CreatedById));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReferenceImageGraphType>>>>("referenceImages")
            .Description("Reference photos in display order.")
            .Resolve(ctx => ctx.RequestServices!.GetRequiredService<ReferenceImagesByProductLoader>().LoadAsync(ctx.Source.Id));
        Field<ReferenceImageGraphType>("primaryImage")
            .Description("The photo that represents the product; null when it has none.")
            .Resolve(ctx => ctx.RequestServices!.GetRequiredService<PrimaryImageByProductLoader>().LoadAsync(ctx.Source.Id));
    }

    /// <summary>A field of Identity's <c>User</c> type, referenced by name: Catalog does not know Identity's graph types.</summary>
    public static FieldType UserField<TSource>(string name, string description, Func<TSource, long?> userId) => new()
    {
        Name = name,
        Description = description,
        ResolvedType = new GraphQLTypeReference("User"),
        Resolver = new FuncFieldResolver<TSource, object>(ctx => userId(ctx.Source) is { } id
            ? ctx.RequestServices!.GetRequiredService<CatalogUserLoader>().LoadAsync(id)
            : new ReadyResult<Identity.Contracts.UserInfo?>(null)),
    };
}
