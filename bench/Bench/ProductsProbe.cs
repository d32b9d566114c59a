using System.Text.Json;
using Npgsql;
using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Bench;

/// <summary>
/// The data layer of <c>products(first: 20)</c> with its primary photos and active specifications, piece by piece:
/// the primary-image batch through Catalog's public contract (the call its data loader makes), and each of the three
/// statements GraphQL runs, as raw SQL reading every column the modules' entities map against only the columns the
/// document needs. Specs has no public batch read, so its batch is shown as SQL only.
/// </summary>
internal sealed class ProductsProbe(IServiceProvider services)
{
    private const string PageIdsSql = "SELECT id FROM catalog.products WHERE archived_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $1";

    // The columns Catalog's Product entity maps (KeysetPaging reads whole entities), first + 1 rows.
    private const string PageEntitySql = """
        SELECT id, name, slug, description, category, tags, archived_at, created_by_id, created_at, updated_at, storage_folder, search_vector
        FROM catalog.products WHERE archived_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $1
        """;

    private const string PageNarrowSql = "SELECT id, name, slug FROM catalog.products WHERE archived_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $1";

    private const string ImagesSql = "SELECT * FROM catalog.reference_images WHERE product_id = ANY($1) AND is_primary";

    // Every column of Specs' Specification entity: the active-specification loader reads whole entities.
    private const string SpecsEntitySql = "SELECT * FROM specs.specifications WHERE product_id = ANY($1) AND is_active";

    private const string SpecsNarrowSql = """
        SELECT id, product_id, version, material_type, confidence_overall, primary_dimensions, primary_colors
        FROM specs.specifications WHERE product_id = ANY($1) AND is_active
        """;

    private readonly NpgsqlDataSource _dataSource = services.GetRequiredService<NpgsqlDataSource>();

    public async Task<IEnumerable<(string Step, Func<Task<int>> Call)>> StepsAsync(int size, TextWriter output)
    {
        var ids = new List<long>();
        await using (var command = _dataSource.CreateCommand(PageIdsSql))
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = size });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        var keys = ids.ToArray();
        await using (var sizes = _dataSource.CreateCommand(
            "SELECT avg(octet_length(yaml_content))::int, avg(octet_length(field_confidences::text))::int, avg(octet_length(validation_issues::text))::int FROM specs.specifications WHERE product_id = ANY($1) AND is_active"))
        {
            sizes.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = keys });
            await using var reader = await sizes.ExecuteReaderAsync();
            await reader.ReadAsync();
            output.WriteLine($"products: the active specifications read per page hold on average {reader.GetInt32(0)} bytes of YAML, {reader.GetInt32(1)} of field_confidences, {reader.GetInt32(2)} of validation_issues");
        }

        var catalog = services.GetRequiredService<IProductCatalog>();
        return
        [
            ("catalog: FindPrimaryImagesAsync (EF), the primaryImage loader", async () => (await catalog.FindPrimaryImagesAsync(keys, CancellationToken.None)).Count),
            ("sql: primary images, every column", () => ReadAsync(ImagesSql, keys, parseJson: false)),
            ("sql: page of products, every column of the entity", () => ReadAsync(PageEntitySql, size + 1)),
            ("sql: page of products, id name slug", () => ReadAsync(PageNarrowSql, size + 1)),
            ("sql: active specs, every column + jsonb parsed (as EF)", () => ReadAsync(SpecsEntitySql, keys, parseJson: true)),
            ("sql: active specs, derived columns + jsonb parsed", () => ReadAsync(SpecsNarrowSql, keys, parseJson: true)),
        ];
    }

    private async Task<int> ReadAsync(string sql, int limit)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await DrainAsync(command, parseJson: false);
    }

    private async Task<int> ReadAsync(string sql, long[] keys, bool parseJson)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = keys });
        return await DrainAsync(command, parseJson);
    }

    /// <summary>Reads every value as its CLR type; with <paramref name="parseJson"/>, jsonb text is parsed too, as EF's converters must.</summary>
    private static async Task<int> DrainAsync(NpgsqlCommand command, bool parseJson)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var values = 0;
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (reader.IsDBNull(i))
                {
                    continue;
                }

                if (parseJson && reader.GetDataTypeName(i) == "jsonb")
                {
                    using var document = JsonDocument.Parse(reader.GetString(i));
                    values += document.RootElement.ValueKind == JsonValueKind.Object ? 1 : 0;
                }
                else
                {
                    values += reader.GetValue(i) is null ? 0 : 1;
                }
            }
        }

        return values;
    }
}
