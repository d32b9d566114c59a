using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Catalog.GraphQL;
using ProductDescriber.Catalog.Persistence;

namespace ProductDescriber.Catalog.Products;

/// <summary>Partial updates. A slug change moves no file: files live under the folder fixed at creation.</summary>
internal sealed class UpdateProductHandler(CatalogDbContext db, SlugAllocator slugs, TimeProvider clock)
{
    public async Task<ProductPayload> UpdateAsync(UpdateProductInput input, CancellationToken cancellationToken)
    {
        if (!CatalogIds.TryProduct(input.ProductId, out var productId)
            || await db.Products.FirstOrDefaultAsync(p => p.Id == productId, cancellationToken) is not { } product)
        {
            return ProductPayload.Failure(CatalogIds.ProductNotFound);
        }

        var errors = new List<PayloadError>();
        if (input.Has("name"))
        {
            var name = ProductRules.NormalizeName(input.String("name"));
            errors.AddRange(ProductRules.ValidateName(name));
            product.Name = name;
        }

        if (input.Has("slug"))
        {
            var slug = ProductRules.NormalizeSlug(input.String("slug") ?? "");
            errors.AddRange(ProductRules.ValidateSlug(slug));
            if (errors.Count == 0 && slug != product.Slug && await slugs.IsTakenAsync(slug, product.Id, cancellationToken))
            {
                errors.Add(new SlugTakenError(slug, await slugs.SuggestAsync(slug, cancellationToken)));
            }

            product.Slug = slug;
        }

        if (input.Has("description"))
        {
            product.Description = ProductRules.NormalizeOptional(input.String("description"));
        }

        if (input.Has("category"))
        {
            product.Category = ProductRules.NormalizeOptional(input.String("category"));
        }

        if (input.Has("tags"))
        {
            product.Tags = ProductRules.NormalizeTags(input.Strings("tags"));
        }

        errors.AddRange(ProductRules.ValidateDetails(product.Description, product.Category, product.Tags));
        if (errors.Count > 0)
        {
            return ProductPayload.Failure([.. errors]);
        }

        product.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return ProductPayload.Failure(new SlugTakenError(product.Slug, await slugs.SuggestAsync(product.Slug, cancellationToken)));
        }

        return ProductPayload.Success(product.ToInfo());
    }

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
