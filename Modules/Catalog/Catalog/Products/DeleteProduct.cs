using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.Catalog.Persistence;

namespace ProductDescriber.Catalog.Products;

/// <summary><c>deleteProduct</c>: a product gone for good, with everything of it in every module. Admins only.</summary>
internal static class DeleteProduct
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<DeleteProductPayloadGraphType>, DeleteProductPayload>("deleteProduct")
            .Description("Deletes the product for good with its reference images, specifications, generations and all their files. Admins only.")
            .Argument<NonNullGraphType<DeleteProductInputGraphType>>("input")
            .AuthorizeWithRoles(Roles.Admin)
            .Resolve()
            .WithScope()
            .WithService<DeleteProductHandler>()
            .ResolveAsync(async (ctx, handler) => await handler.DeleteAsync(ctx.GetArgument<ProductIdInput>("input").ProductId, ctx.CancellationToken));
}

internal sealed class DeleteProductInputGraphType() : ProductIdInputGraphType("DeleteProductInput");

internal sealed record DeleteProductPayload(string? DeletedProductId, IReadOnlyList<PayloadError> Errors) : IPayload;

internal sealed class DeleteProductPayloadGraphType : PayloadGraphType<DeleteProductPayload>
{
    public DeleteProductPayloadGraphType()
        : base("DeleteProductPayload")
    {
        Field<IdGraphType>("deletedProductId").Description("The id of the product deleted; null when nothing was.").Resolve(ctx => ctx.Source.DeletedProductId);
    }
}

/// <summary>
/// Deletes a product for good: its rows (reference images here; other modules' rows by their cascading foreign
/// keys) in one transaction, which also records the deletion of its storage folder; the folder goes right after
/// the commit, or later by the janitor if storage fails.
/// </summary>
internal sealed class DeleteProductHandler(CatalogDbContext db, IFileLedger ledger)
{
    public async Task<DeleteProductPayload> DeleteAsync(string productGlobalId, CancellationToken cancellationToken)
    {
        if (!CatalogIds.TryProduct(productGlobalId, out var productId))
        {
            return new DeleteProductPayload(null, [CatalogIds.ProductNotFound]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await ProductLock.AcquireAsync(db, productId, cancellationToken) is not { } product)
        {
            return new DeleteProductPayload(null, [CatalogIds.ProductNotFound]);
        }

        var folder = await ledger.RecordDeletionsAsync(db, [FileDeletion.Under(product.StorageFolder + "/")], cancellationToken);
        await db.Products.Where(p => p.Id == productId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await ledger.DeleteNowAsync(folder, CancellationToken.None);
        return new DeleteProductPayload(CatalogIds.Product(productId), []);
    }
}
