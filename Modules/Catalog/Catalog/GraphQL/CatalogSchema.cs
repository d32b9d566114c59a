using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.GraphQL.Paging;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.Persistence;
using ProductDescriber.Catalog.Products;
using ProductDescriber.Catalog.ReferenceImages;

namespace ProductDescriber.Catalog.GraphQL;

/// <summary>Catalog's root fields: <c>product</c>, <c>products</c> and the product and reference-image mutations.</summary>
internal sealed class CatalogSchema : IGraphQLContributor
{
    public IEnumerable<Type> AdditionalTypes =>
        [typeof(SlugTakenErrorGraphType), typeof(InvalidImageErrorGraphType), typeof(ProductArchivedErrorGraphType)];

    public void ContributeQuery(ObjectGraphType query)
    {
        query.Field<ProductGraphType>("product")
            .Description("One product, archived or not, by `id` or by `slug` (give exactly one); null when there is none.")
            .Argument<IdGraphType>("id", "The product's id.")
            .Argument<StringGraphType>("slug", "The product's current slug.")
            .ResolveAsync(async ctx => await FindProductAsync(ctx));

        query.AddConnectionField<ProductGraphType, ProductInfo>(
            "products",
            "Products, newest first unless ordered otherwise; archived ones only with `includeArchived`.",
            ListProductsAsync,
            new QueryArgument<StringGraphType> { Name = "search", Description = "Words to find in name, category, tags and description (each word also matches as a prefix: \"stash\" finds \"Stasher\"). Ordered by relevance unless `orderBy` says otherwise." },
            new QueryArgument<StringGraphType> { Name = "category", Description = "Only this category (case-insensitive)." },
            new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "tags", Description = "Only products carrying all of these tags." },
            new QueryArgument<BooleanGraphType> { Name = "includeArchived", Description = "Include archived products (default false).", DefaultValue = false },
            new QueryArgument<IdGraphType> { Name = "createdBy", Description = "Only products created by this user." },
            new QueryArgument<ProductOrderInputGraphType> { Name = "orderBy", Description = "Default: relevance with `search`, else CREATED_AT DESC." });
    }

    public void ContributeMutation(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ProductPayloadGraphType>>("createProduct")
            .Description("Adds a product to the catalogue.")
            .Argument<NonNullGraphType<CreateProductInputGraphType>>("input")
            .ResolveAsync(async ctx => await Handler<CreateProductHandler>(ctx)
                .CreateAsync(ctx.GetArgument<CreateProductInput>("input"), ctx.User.GetUserId(), ctx.CancellationToken));

        mutation.Field<NonNullGraphType<ProductPayloadGraphType>>("updateProduct")
            .Description("Changes the fields sent, and only those.")
            .Argument<NonNullGraphType<UpdateProductInputGraphType>>("input")
            .ResolveAsync(async ctx => await Handler<UpdateProductHandler>(ctx)
                .UpdateAsync(new UpdateProductInput(ctx.GetArgument<Dictionary<string, object?>>("input")), ctx.CancellationToken));

        mutation.Field<NonNullGraphType<ProductPayloadGraphType>>("archiveProduct")
            .Description("Hides the product from default lists and stops new uploads, analyses and generations; it stays readable by id.")
            .Argument<NonNullGraphType<ArchiveProductInputGraphType>>("input")
            .ResolveAsync(async ctx => await Handler<UpdateProductHandler>(ctx)
                .SetArchivedAsync(ctx.GetArgument<ProductIdInput>("input").ProductId, archived: true, ctx.CancellationToken));

        mutation.Field<NonNullGraphType<ProductPayloadGraphType>>("restoreProduct")
            .Description("Undoes `archiveProduct`.")
            .Argument<NonNullGraphType<RestoreProductInputGraphType>>("input")
            .ResolveAsync(async ctx => await Handler<UpdateProductHandler>(ctx)
                .SetArchivedAsync(ctx.GetArgument<ProductIdInput>("input").ProductId, archived: false, ctx.CancellationToken));

        mutation.Field<NonNullGraphType<DeleteProductPayloadGraphType>>("deleteProduct")
            .Description("Deletes the product for good with its reference images, specifications, generations and all their files. Admins only.")
            .Argument<NonNullGraphType<DeleteProductInputGraphType>>("input")
            .AuthorizeWithRoles(Roles.Admin)
            .ResolveAsync(async ctx => await Handler<DeleteProductHandler>(ctx)
                .DeleteAsync(ctx.GetArgument<ProductIdInput>("input").ProductId, ctx.CancellationToken));

        mutation.Field<NonNullGraphType<UploadReferenceImagesPayloadGraphType>>("uploadReferenceImages")
            .Description("Stores photos of a product (multipart request). Valid files are stored even when others in the batch are refused.")
            .Argument<NonNullGraphType<UploadReferenceImagesInputGraphType>>("input")
            .ResolveAsync(async ctx => await Handler<UploadReferenceImagesHandler>(ctx)
                .UploadAsync(ctx.GetArgument<UploadReferenceImagesInput>("input"), ctx.User.GetUserId(), ctx.CancellationToken));

        mutation.Field<NonNullGraphType<ReferenceImageOrderPayloadGraphType>>("setPrimaryReferenceImage")
            .Description("Makes the image the product's primary one (the previous primary stops being primary).")
            .Argument<NonNullGraphType<SetPrimaryReferenceImageInputGraphType>>("input")
            .ResolveAsync(async ctx => await Handler<ReferenceImageChangesHandler>(ctx)
                .SetPrimaryAsync(ctx.GetArgument<ReferenceImageInput>("input"), ctx.CancellationToken));

        mutation.Field<NonNullGraphType<ReferenceImageOrderPayloadGraphType>>("reorderReferenceImages")
            .Description("Puts the product's images in the order given.")
            .Argument<NonNullGraphType<ReorderReferenceImagesInputGraphType>>("input")
            .ResolveAsync(async ctx => await Handler<ReferenceImageChangesHandler>(ctx)
                .ReorderAsync(ctx.GetArgument<ReorderReferenceImagesInput>("input"), ctx.CancellationToken));

        mutation.Field<NonNullGraphType<DeleteReferenceImagePayloadGraphType>>("deleteReferenceImage")
            .Description("Deletes the image and its files; if it was primary, the next image in order becomes primary.")
            .Argument<NonNullGraphType<DeleteReferenceImageInputGraphType>>("input")
            .ResolveAsync(async ctx => await Handler<ReferenceImageChangesHandler>(ctx)
                .DeleteAsync(ctx.GetArgument<ReferenceImageInput>("input"), ctx.CancellationToken));
    }

    private static async Task<ProductInfo?> FindProductAsync(IResolveFieldContext ctx)
    {
        var id = ctx.GetArgument<string?>("id");
        var slug = ctx.GetArgument<string?>("slug");
        if ((id is null) == (slug is null))
        {
            throw new ExecutionError("Give exactly one of `id` and `slug`.") { Code = "INVALID_ARGUMENT" };
        }

        if (id is not null)
        {
            return CatalogIds.TryProduct(id, out var productId)
                ? await ctx.RequestServices!.GetRequiredService<ProductByIdLoader>().LoadAsync(productId).GetResultAsync(ctx.CancellationToken)
                : null;
        }

        await using var db = await Contexts(ctx).CreateDbContextAsync(ctx.CancellationToken);
        var normalized = ProductRules.NormalizeSlug(slug!);
        return (await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == normalized, ctx.CancellationToken))?.ToInfo();
    }

    private static async Task<ConnectionResult<ProductInfo>> ListProductsAsync(IResolveFieldContext ctx, PageRequest page)
    {
        var search = ctx.GetArgument<string?>("search");
        var order = ctx.GetArgument<Dictionary<string, object?>?>("orderBy");
        var hasSearchWords = ProductListQuery.ToTsQuery(search) is not null;
        var field = order?["field"] as ProductOrderField? ?? (hasSearchWords ? ProductOrderField.Relevance : ProductOrderField.CreatedAt);
        var direction = order?.GetValueOrDefault("direction") as SortDirection?
            ?? (field is ProductOrderField.Name ? SortDirection.Asc : SortDirection.Desc);
        if (field == ProductOrderField.Relevance && !hasSearchWords)
        {
            throw new ExecutionError("Ordering by RELEVANCE needs a `search` with at least one word.") { Code = "INVALID_ARGUMENT" };
        }

        var createdBy = ctx.GetArgument<string?>("createdBy");
        long? createdById = null;
        if (createdBy is not null)
        {
            // An id of no user (or of another type) matches no product, as `node` would find nothing.
            createdById = GlobalId.TryDecodeLong(createdBy, "User", out var userId) ? userId : -1;
        }

        var filter = new ProductFilter(
            search,
            ProductRules.NormalizeOptional(ctx.GetArgument<string?>("category")),
            ProductRules.NormalizeTags(ctx.GetArgument<List<string?>?>("tags")),
            ctx.GetArgument<bool>("includeArchived"),
            createdById,
            field,
            direction);
        await using var db = await Contexts(ctx).CreateDbContextAsync(ctx.CancellationToken);
        var result = await ProductListQuery.RunAsync(db, filter, page, ctx.CancellationToken);
        return result.Select(p => p.ToInfo());
    }

    private static T Handler<T>(IResolveFieldContext ctx) where T : notnull => ctx.RequestServices!.GetRequiredService<T>();

    private static IDbContextFactory<CatalogDbContext> Contexts(IResolveFieldContext ctx) =>
        ctx.RequestServices!.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
}
