using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Catalog.GraphQL;
using ProductDescriber.Catalog.Persistence;

namespace ProductDescriber.Catalog.Products;

internal sealed class CreateProductHandler(CatalogDbContext db, SlugAllocator slugs)
{
    private const int Attempts = 3;

    public async Task<ProductPayload> CreateAsync(CreateProductInput input, long? callerId, CancellationToken cancellationToken)
    {
        var name = ProductRules.NormalizeName(input.Name);
        var slugGiven = input.Slug is not null;
        var slug = slugGiven ? ProductRules.NormalizeSlug(input.Slug!) : ProductRules.SlugFromName(name);
        var description = ProductRules.NormalizeOptional(input.Description);
        var category = ProductRules.NormalizeOptional(input.Category);
        var tags = ProductRules.NormalizeTags(input.Tags);

        var errors = ProductRules.ValidateName(name)
            .Concat(slugGiven ? ProductRules.ValidateSlug(slug) : [])
            .Concat(ProductRules.ValidateDetails(description, category, tags))
            .ToArray<PayloadError>();
        if (errors.Length > 0)
        {
            return ProductPayload.Failure(errors);
        }

        for (var attempt = 1; ; attempt++)
        {
            if (await slugs.IsTakenAsync(slug, null, cancellationToken))
            {
                var suggestion = await slugs.SuggestAsync(slug, cancellationToken);
                if (slugGiven)
                {
                    return ProductPayload.Failure(new SlugTakenError(slug, suggestion));
                }

                // A slug the client did not choose: take the free variant rather than fail.
                slug = suggestion;
            }

            var product = new Product
            {
                Name = name,
                Slug = slug,
                Description = description,
                Category = category,
                Tags = tags,
                CreatedById = callerId,
                StorageFolder = attempt == 1 ? await slugs.StorageFolderForAsync(slug, cancellationToken) : SlugAllocator.RandomFolder(slug),
            };
            db.Products.Add(product);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return ProductPayload.Success(product.ToInfo());
            }
            catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } && attempt < Attempts)
            {
                // Lost a race for the slug or the folder: look again.
                db.Entry(product).State = EntityState.Detached;
            }
        }
    }
}
