using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Identity.Contracts;
using ProductDescriber.Specs.Analysis;
using ProductDescriber.Specs.Persistence;
using ProductDescriber.Specs.Specifications;

namespace ProductDescriber.Specs;

// Request-scoped batch loaders behind the fields that load per parent: one query per batch, whatever the page size.

internal sealed class ActiveSpecificationByProductLoader(IDbContextFactory<SpecsDbContext> contexts) : BatchDataLoader<long, Specification>
{
    protected override async Task<IReadOnlyDictionary<long, Specification>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = new Dictionary<long, Specification>(keys.Count);
        await foreach (var specification in ActiveOf(db, [.. keys]).WithCancellation(cancellationToken))
        {
            found[specification.ProductId] = specification;
        }

        return found;
    }

    // Behind activeSpecification, so it runs for every page of products: compiled, it skips EF's per-call lookup of
    // the translation.
    private static readonly Func<SpecsDbContext, long[], IAsyncEnumerable<Specification>> ActiveOf = EF.CompileAsyncQuery(
        (SpecsDbContext db, long[] productIds) => db.Specifications.AsNoTracking()
            .Where(s => s.IsActive && productIds.Contains(s.ProductId))
            .Select(SpecificationSummaries.Columns));
}

internal sealed class SpecificationByIdLoader(IDbContextFactory<SpecsDbContext> contexts) : BatchDataLoader<long, Specification>
{
    protected override async Task<IReadOnlyDictionary<long, Specification>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Specifications.Where(s => keys.Contains(s.Id)).Summaries().ToDictionaryAsync(s => s.Id, cancellationToken);
    }
}

/// <summary>Versions by (product, version number), for <c>Product.specification(version:)</c> and <c>diff</c>.</summary>
internal sealed class SpecificationByVersionLoader(IDbContextFactory<SpecsDbContext> contexts) : BatchDataLoader<(long ProductId, int Version), Specification>
{
    protected override async Task<IReadOnlyDictionary<(long ProductId, int Version), Specification>> LoadBatchAsync(
        IReadOnlyList<(long ProductId, int Version)> keys, CancellationToken cancellationToken)
    {
        var products = keys.Select(k => k.ProductId).Distinct().ToArray();
        var versions = keys.Select(k => k.Version).Distinct().ToArray();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Specifications
            .Where(s => products.Contains(s.ProductId) && versions.Contains(s.Version))
            .Summaries()
            .ToListAsync(cancellationToken);
        return rows.Where(s => keys.Contains((s.ProductId, s.Version))).ToDictionary(s => (s.ProductId, s.Version));
    }
}

internal sealed class AnalysisRunByIdLoader(IDbContextFactory<SpecsDbContext> contexts) : BatchDataLoader<long, AnalysisRun>
{
    protected override async Task<IReadOnlyDictionary<long, AnalysisRun>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AnalysisRuns.AsNoTracking().Where(r => keys.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
    }
}

internal sealed class SpecsProductLoader(IProductCatalog catalog) : BatchDataLoader<long, ProductInfo>
{
    protected override Task<IReadOnlyDictionary<long, ProductInfo>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken) =>
        catalog.FindProductsAsync(keys, cancellationToken);
}

internal sealed class SpecsUserLoader(IUserDirectory directory) : BatchDataLoader<long, UserInfo>
{
    protected override Task<IReadOnlyDictionary<long, UserInfo>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken) =>
        directory.FindAsync(keys, cancellationToken);
}

/// <summary>Fields of Identity's <c>User</c> and Catalog's <c>Product</c>, referenced by name through their contracts.</summary>
internal static class ReferenceFieldsOfSpecs
{
    public static void AddUserField<TSource>(this ObjectGraphType<TSource> type, string name, string description, Func<TSource, long?> userId) =>
        type.AddReferenceField<TSource, SpecsUserLoader, UserInfo>(name, "User", description, userId);

    public static void AddProductField<TSource>(this ObjectGraphType<TSource> type, string description, Func<TSource, long> productId) =>
        type.AddReferenceField<TSource, SpecsProductLoader, ProductInfo>("product", CatalogGraphTypes.Product, description, s => productId(s));
}
