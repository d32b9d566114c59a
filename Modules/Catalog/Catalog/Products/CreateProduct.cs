using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Catalog.Persistence;

namespace ProductDescriber.Catalog.Products;

/// <summary><c>createProduct</c>: a new product, with a slug derived from its name unless one is given.</summary>
internal static class CreateProduct
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ProductPayloadGraphType>, ProductPayload>("createProduct")
            .Description("Adds a product to the catalogue.")
            .Argument<NonNullGraphType<CreateProductInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<CreateProductHandler>()
            .ResolveAsync(async (ctx, handler) =>
                await handler.CreateAsync(ctx.GetArgument<CreateProductInput>("input"), ctx.User.GetUserId(), ctx.CancellationToken));
}

internal sealed class CreateProductInput
{
    public string Name { get; init; } = "";

    public string? Slug { get; init; }

    public string? Description { get; init; }

    public string? Category { get; init; }

    public List<string?>? Tags { get; init; }
}

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
