using Npgsql;
using NpgsqlTypes;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Catalog.Products;

/// <summary>
/// The product page's reads in hand-written SQL (docs/adr/0047): products with their primary photo, by id (behind
/// <c>product(id:)</c> and <c>node</c>) and as the newest-first first page of <c>products</c>. EF spent more CPU on
/// each of these one-statement reads than the statement itself, even compiled. The columns are
/// <c>CatalogDbContext</c>'s mapping of <c>Product</c> and <c>ReferenceImage</c> (no <c>search_vector</c>);
/// <c>ProductRowsTests</c> reads through both and compares.
/// </summary>
internal sealed class ProductRows(NpgsqlDataSource dataSource, SqlStatementCounter statements)
{
    // A unique partial index on (product_id) WHERE is_primary makes the join give at most one photo per product.
    private const string WithPrimaryPhoto =
        """
        SELECT p.id, p.name, p.slug, p.description, p.category, p.tags, p.archived_at, p.created_by_id, p.created_at,
               p.updated_at, p.storage_folder,
               i.id, i.file_name, i.storage_key, i.mime_type, i.size_bytes, i.width, i.height, i.display_order,
               i.uploaded_by_id, i.uploaded_at
        FROM catalog.products AS p
        LEFT JOIN catalog.reference_images AS i ON i.product_id = p.id AND i.is_primary
        """;

    private const string WithIds = WithPrimaryPhoto + " WHERE p.id = ANY($1)";

    private const string NewestFirst = WithPrimaryPhoto + " WHERE p.archived_at IS NULL ORDER BY p.created_at DESC, p.id DESC LIMIT $1";

    /// <summary>The products with these ids (archived ones too), each with its primary photo; unknown ids are left out.</summary>
    public async Task<List<ProductWithPrimaryImage>> WithIdsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(WithIds);
        command.Parameters.Add(new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = [.. ids] });
        return await ReadAsync(command, ids.Count, cancellationToken);
    }

    /// <summary>The newest <paramref name="take"/> products not archived (newest first, then highest id), each with its primary photo.</summary>
    public async Task<List<ProductWithPrimaryImage>> NewestFirstAsync(int take, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(NewestFirst);
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = take });
        return await ReadAsync(command, take, cancellationToken);
    }

    private async Task<List<ProductWithPrimaryImage>> ReadAsync(NpgsqlCommand command, int expected, CancellationToken cancellationToken)
    {
        statements.CountCommand();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ProductWithPrimaryImage>(expected);
        while (await reader.ReadAsync(cancellationToken))
        {
            var product = new ProductInfo(
                Id: reader.GetInt64(0),
                Name: reader.GetString(1),
                Slug: reader.GetString(2),
                Description: reader.IsDBNull(3) ? null : reader.GetString(3),
                Category: reader.IsDBNull(4) ? null : reader.GetString(4),
                Tags: reader.GetFieldValue<List<string>>(5),
                ArchivedAt: reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                CreatedById: reader.IsDBNull(7) ? null : reader.GetInt64(7),
                CreatedAt: reader.GetFieldValue<DateTimeOffset>(8),
                UpdatedAt: reader.GetFieldValue<DateTimeOffset>(9),
                StorageFolder: reader.GetString(10));
            var photo = reader.IsDBNull(11) ? null : new ReferenceImageInfo(
                Id: reader.GetInt64(11),
                ProductId: product.Id,
                FileName: reader.GetString(12),
                StorageKey: reader.GetString(13),
                MimeType: reader.GetString(14),
                SizeBytes: reader.GetInt64(15),
                Width: reader.GetInt32(16),
                Height: reader.GetInt32(17),
                IsPrimary: true,
                DisplayOrder: reader.GetInt32(18),
                UploadedById: reader.IsDBNull(19) ? null : reader.GetInt64(19),
                UploadedAt: reader.GetFieldValue<DateTimeOffset>(20));
            rows.Add(new ProductWithPrimaryImage(product, photo));
        }

        return rows;
    }
}
