using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Identity.Contracts;
using ProductDescriber.Specs.Analysis;
using ProductDescriber.Specs.Contracts;
using ProductDescriber.Specs.Persistence;
using ProductDescriber.Specs.Specifications;

namespace ProductDescriber.Specs;

// Request-scoped batch loaders behind the fields that load per parent: one query per batch, whatever the page size.

/// <summary>
/// The active version of each product, as a summary: behind <c>activeSpecification</c> on every product page and
/// every page of products, so it goes through Npgsql, not EF (docs/adr/0047). The columns are
/// <c>SpecsDbContext</c>'s mapping, as <see cref="SpecificationSummaries.Columns"/> reads them;
/// <c>ActiveSpecificationLoaderTests</c> reads through both and compares.
/// </summary>
internal sealed class ActiveSpecificationByProductLoader(NpgsqlDataSource dataSource, SqlStatementCounter statements) : BatchDataLoader<long, Specification>
{
    private const string ActiveOf =
        """
        SELECT id, product_id, version, template_name, template_version, source, analysis_run_id, based_on_version,
               change_notes, primary_dimensions, primary_colors, material_type, confidence_overall, created_by_id,
               created_at, activated_at, activated_by_id
        FROM specs.specifications
        WHERE is_active AND product_id = ANY($1)
        """;

    protected override async Task<IReadOnlyDictionary<long, Specification>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ActiveOf);
        command.Parameters.Add(new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = [.. keys] });
        statements.CountCommand();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new Dictionary<long, Specification>(keys.Count);
        while (await reader.ReadAsync(cancellationToken))
        {
            var specification = new Specification
            {
                Id = reader.GetInt64(0),
                ProductId = reader.GetInt64(1),
                Version = reader.GetInt32(2),
                IsActive = true,
                TemplateName = reader.IsDBNull(3) ? null : reader.GetString(3),
                TemplateVersion = reader.IsDBNull(4) ? null : reader.GetString(4),
                Source = SpecificationSourceColumn.Parse(reader.GetString(5)),
                AnalysisRunId = reader.IsDBNull(6) ? null : reader.GetInt64(6),
                BasedOnVersion = reader.IsDBNull(7) ? null : reader.GetInt32(7),
                ChangeNotes = reader.IsDBNull(8) ? null : reader.GetString(8),
                PrimaryDimensions = reader.IsDBNull(9) ? null : JsonColumns.Read<PrimaryDimensions>(reader.GetString(9)),
                PrimaryColors = reader.IsDBNull(10) ? null : JsonColumns.Read<PrimaryColors>(reader.GetString(10)),
                MaterialType = reader.IsDBNull(11) ? null : reader.GetString(11),
                ConfidenceOverall = reader.IsDBNull(12) ? null : reader.GetDouble(12),
                CreatedById = reader.IsDBNull(13) ? null : reader.GetInt64(13),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(14),
                ActivatedAt = reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15),
                ActivatedById = reader.IsDBNull(16) ? null : reader.GetInt64(16),
                IsSummary = true,
            };
            found[specification.ProductId] = specification;
        }

        return found;
    }
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
