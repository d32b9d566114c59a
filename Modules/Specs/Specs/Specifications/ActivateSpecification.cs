using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Specs.Persistence;

namespace ProductDescriber.Specs.Specifications;

/// <summary><c>activateSpecification</c>: makes an existing version the active one again, with a record of who and when.</summary>
internal static class ActivateSpecification
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<SpecificationPayloadGraphType>, SpecificationPayload>("activateSpecification")
            .Description("Makes this version the product's active specification. Nothing is lost: every version stays, and each activation is recorded.")
            .Argument<NonNullGraphType<ActivateSpecificationInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<ActivateSpecificationHandler>()
            .ResolveAsync(async (ctx, handler) =>
                await handler.ActivateAsync(ctx.GetArgument<ActivateSpecificationInput>("input").SpecificationId, ctx.User.GetUserId(), ctx.CancellationToken));
}

internal sealed class ActivateSpecificationInput
{
    public string SpecificationId { get; init; } = "";
}

internal sealed class ActivateSpecificationInputGraphType : InputObjectGraphType<ActivateSpecificationInput>
{
    public ActivateSpecificationInputGraphType()
    {
        Name = "ActivateSpecificationInput";
        Field<NonNullGraphType<IdGraphType>>("specificationId").Description("The version to make active.");
    }
}

internal sealed class ActivateSpecificationHandler(SpecsDbContext db, IProductCatalog catalog, TimeProvider time)
{
    public async Task<SpecificationPayload> ActivateAsync(string specificationId, long? callerId, CancellationToken cancellationToken)
    {
        if (!SpecsIds.TrySpecification(specificationId, out var id)
            || await db.Specifications.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } found)
        {
            return SpecificationPayload.Failed(SpecsIds.SpecificationNotFound);
        }

        if (await catalog.FindProductAsync(found.ProductId, cancellationToken) is not { } product)
        {
            return SpecificationPayload.Failed(SpecsIds.ProductNotFound);
        }

        if (product.IsArchived)
        {
            return SpecificationPayload.Failed(new ProductArchivedError(SpecsIds.Product(product.Id)));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await SpecsProductLock.AcquireAsync(db, product.Id, cancellationToken);
        var specification = await db.Specifications.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (specification is null)
        {
            return SpecificationPayload.Failed(SpecsIds.SpecificationNotFound);
        }

        if (!specification.IsActive)
        {
            var now = time.GetUtcNow();
            await db.Specifications
                .Where(s => s.ProductId == product.Id && s.IsActive)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.IsActive, false), cancellationToken);
            specification.IsActive = true;
            specification.ActivatedAt = now;
            specification.ActivatedById = callerId;
            db.Activations.Add(new SpecificationActivation
            {
                ProductId = product.Id,
                SpecificationId = specification.Id,
                Version = specification.Version,
                ActivatedById = callerId,
                ActivatedAt = now,
                Reason = "ACTIVATED",
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return SpecificationPayload.Of(specification);
    }
}
