using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.Catalog.Persistence;

namespace ProductDescriber.Catalog.Products;

/// <summary>
/// <c>archiveProduct</c> and its undo <c>restoreProduct</c>: one use case, a product leaving and rejoining the
/// default lists.
/// </summary>
internal static class ArchiveProduct
{
    public static void AddFields(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ProductPayloadGraphType>, ProductPayload>("archiveProduct")
            .Description("Hides the product from default lists and stops new uploads, analyses and generations; it stays readable by id.")
            .Argument<NonNullGraphType<ArchiveProductInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<ArchiveProductHandler>()
            .ResolveAsync(async (ctx, handler) =>
                await handler.SetArchivedAsync(ctx.GetArgument<ProductIdInput>("input").ProductId, archived: true, ctx.CancellationToken));

        mutation.Field<NonNullGraphType<ProductPayloadGraphType>, ProductPayload>("restoreProduct")
            .Description("Undoes `archiveProduct`.")
            .Argument<NonNullGraphType<RestoreProductInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<ArchiveProductHandler>()
            .ResolveAsync(async (ctx, handler) =>
                await handler.SetArchivedAsync(ctx.GetArgument<ProductIdInput>("input").ProductId, archived: false, ctx.CancellationToken));
    }
}

internal sealed class ArchiveProductInputGraphType() : ProductIdInputGraphType("ArchiveProductInput");

internal sealed class RestoreProductInputGraphType() : ProductIdInputGraphType("RestoreProductInput");

internal sealed class ArchiveProductHandler(CatalogDbContext db, TimeProvider clock)
{
    public async Task<ProductPayload> SetArchivedAsync(string productGlobalId, bool archived, CancellationToken cancellationToken)
    {
        if (!CatalogIds.TryProduct(productGlobalId, out var productId)
            || await db.Products.FirstOrDefaultAsync(p => p.Id == productId, cancellationToken) is not { } product)
        {
            return ProductPayload.Failure(CatalogIds.ProductNotFound);
        }

        // Idempotent: archiving an archived product keeps its original archive time.
        if (archived != (product.ArchivedAt is not null))
        {
            var now = clock.GetUtcNow();
            product.ArchivedAt = archived ? now : null;
            product.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return ProductPayload.Success(product.ToInfo());
    }
}
