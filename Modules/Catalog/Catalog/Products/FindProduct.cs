using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Catalog.Persistence;

namespace ProductDescriber.Catalog.Products;

/// <summary><c>product(id | slug)</c>: one product, archived or not.</summary>
internal static class FindProduct
{
    // No WithScope: by id it goes through the request's loader, whose cache other fields of the request share.
    public static void AddField(ObjectGraphType query) =>
        query.Field<ProductGraphType, ProductInfo?>("product")
            .Description("One product, archived or not, by `id` or by `slug` (give exactly one); null when there is none.")
            .Argument<IdGraphType>("id", "The product's id.")
            .Argument<StringGraphType>("slug", "The product's current slug.")
            .Resolve()
            .WithServices<ProductByIdLoader, IDbContextFactory<CatalogDbContext>>()
            .ResolveAsync(FindAsync);

    private static async Task<ProductInfo?> FindAsync(IResolveFieldContext ctx, ProductByIdLoader products, IDbContextFactory<CatalogDbContext> contexts)
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
                ? await products.LoadAsync(productId).GetResultAsync(ctx.CancellationToken)
                : null;
        }

        await using var db = await contexts.CreateDbContextAsync(ctx.CancellationToken);
        var normalized = ProductRules.NormalizeSlug(slug!);
        return (await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == normalized, ctx.CancellationToken))?.ToInfo();
    }
}
