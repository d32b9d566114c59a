using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Catalog.Persistence;

namespace ProductDescriber.Catalog.Products;

/// <summary><c>updateProduct</c>: a partial update of a product's own fields.</summary>
internal static class UpdateProduct
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ProductPayloadGraphType>, ProductPayload>("updateProduct")
            .Description("Changes the fields sent, and only those.")
            .Argument<NonNullGraphType<UpdateProductInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<UpdateProductHandler>()
            .ResolveAsync(async (ctx, handler) =>
                await handler.UpdateAsync(new UpdateProductInput(ctx.GetArgument<Dictionary<string, object?>>("input")), ctx.CancellationToken));
}

/// <summary>
/// A partial update: only the fields present in the input change, and a present <c>null</c> clears a field
/// (which <c>name</c> and <c>slug</c> refuse). Read from the raw input map, since a class cannot tell absent from null.
/// </summary>
internal sealed class UpdateProductInput(IReadOnlyDictionary<string, object?> fields)
{
    public string ProductId => fields.TryGetValue("productId", out var id) ? id as string ?? "" : "";

    public bool Has(string field) => fields.ContainsKey(field);

    public string? String(string field) => fields.TryGetValue(field, out var value) ? value as string : null;

    public List<string?>? Strings(string field) =>
        fields.TryGetValue(field, out var value) && value is IEnumerable<object?> items ? items.Select(i => i as string).ToList() : null;
}

internal sealed class UpdateProductInputGraphType : InputObjectGraphType
{
    public UpdateProductInputGraphType()
    {
        Name = "UpdateProductInput";
        Description = "Only the fields you send change; `null` clears description, category or tags.";
        Field<NonNullGraphType<IdGraphType>>("productId").Description("The product to change.");
        Field<StringGraphType>("name").Description("New name (cannot be null).");
        Field<StringGraphType>("slug").Description("New slug (cannot be null). File links keep working.");
        Field<StringGraphType>("description").Description("New description.");
        Field<StringGraphType>("category").Description("New category.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("The new full list of tags.");
    }
}

/// <summary>A slug change moves no file: files live under the folder fixed at creation.</summary>
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
}
