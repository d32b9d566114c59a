using System.Buffers;
using System.Text.Json;
using Npgsql;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.BuildingBlocks.Storage.Thumbnails;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Imaging;
using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Bench;

/// <summary>
/// The baseline of <c>products</c> and <c>product</c>: the page the <c>products</c> field returns by default (not
/// archived, newest first, id as tie-breaker), or one product by id, each with its primary photo (and its signed
/// links, from the Host's <see cref="IFileLinks"/>) and its active specification, in one hand-written statement on
/// the Host's <see cref="NpgsqlDataSource"/>, written as the GraphQL document's JSON.
/// </summary>
/// <remarks>
/// One join where GraphQL runs three statements (the page, then one batch per data loader): that is the endpoint one
/// would write by hand, and the difference is part of what the scenario measures.
/// </remarks>
internal static class PlainProducts
{
    private const string Columns = """
        SELECT p.id, p.name, p.slug,
               i.id, i.width, i.height, i.mime_type, i.storage_key,
               s.id, s.version, s.material_type, s.confidence_overall, s.primary_dimensions, s.primary_colors
        FROM catalog.products p
        LEFT JOIN catalog.reference_images i ON i.product_id = p.id AND i.is_primary
        LEFT JOIN specs.specifications s ON s.product_id = p.id AND s.is_active
        """;

    private const string PageSql = Columns + """

        WHERE p.archived_at IS NULL
        ORDER BY p.created_at DESC, p.id DESC
        LIMIT $1
        """;

    private const string OneSql = Columns + """

        WHERE p.id = $1
        """;

    // As SpecsDbContext stores the derived fields (System.Text.Json, web defaults), so they read back the same.
    private static readonly JsonSerializerOptions StoredJson = new(JsonSerializerDefaults.Web);

    public static async Task WritePageAsync(NpgsqlDataSource dataSource, IFileLinks links, int first, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(first, 0, PlainResponses.MaxPageSize);
        await using var page = dataSource.CreateCommand(PageSql);
        page.Parameters.Add(new NpgsqlParameter<int> { TypedValue = size });
        var rows = await ReadAsync(page, size, cancellationToken);
        PlainResponses.WriteData(output, writer =>
        {
            writer.WriteStartObject("products");
            writer.WriteStartArray("nodes");
            foreach (var row in rows)
            {
                WriteProduct(writer, links, row);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static async Task WriteOneAsync(NpgsqlDataSource dataSource, IFileLinks links, long id, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        await using var one = dataSource.CreateCommand(OneSql);
        one.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        var rows = await ReadAsync(one, 1, cancellationToken);
        PlainResponses.WriteData(output, writer =>
        {
            if (rows.Count == 0)
            {
                writer.WriteNull("product");
                return;
            }

            writer.WritePropertyName("product");
            WriteProduct(writer, links, rows[0]);
        });
    }

    private static async Task<List<Row>> ReadAsync(NpgsqlCommand command, int capacity, CancellationToken cancellationToken)
    {
        var rows = new List<Row>(capacity);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new Row(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : new Image(reader.GetInt64(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetString(6), reader.GetString(7)),
                reader.IsDBNull(8) ? null : new Spec(
                    reader.GetInt64(8),
                    reader.GetInt32(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10),
                    reader.IsDBNull(11) ? null : reader.GetDouble(11),
                    reader.IsDBNull(12) ? null : JsonSerializer.Deserialize<PrimaryDimensions>(reader.GetString(12), StoredJson),
                    reader.IsDBNull(13) ? null : JsonSerializer.Deserialize<PrimaryColors>(reader.GetString(13), StoredJson))));
        }

        return rows;
    }

    private static void WriteProduct(Utf8JsonWriter writer, IFileLinks links, Row row)
    {
        writer.WriteStartObject();
        writer.WriteString("id", GlobalId.Encode(CatalogGraphTypes.Product, row.Id));
        writer.WriteString("name", row.Name);
        writer.WriteString("slug", row.Slug);
        if (row.Image is { } image)
        {
            writer.WriteStartObject("primaryImage");
            writer.WriteString("id", GlobalId.Encode(CatalogGraphTypes.ReferenceImage, image.Id));
            writer.WriteNumber("width", image.Width);
            writer.WriteNumber("height", image.Height);
            writer.WriteString("mimeType", image.MimeType);
            writer.WriteString("url", links.CreateUrl(image.StorageKey));
            writer.WriteString("thumbnailUrl", links.CreateUrl(ThumbnailKeys.For(image.StorageKey, ThumbnailSizes.Default, ThumbnailFormat.WebP)));
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("primaryImage");
        }

        if (row.Spec is { } spec)
        {
            writer.WriteStartObject("activeSpecification");
            writer.WriteString("id", GlobalId.Encode(SpecsGraphTypes.Specification, spec.Id));
            writer.WriteNumber("version", spec.Version);
            WriteNullable(writer, "materialType", spec.MaterialType);
            WriteNullable(writer, "confidenceOverall", spec.ConfidenceOverall);
            WriteDimensions(writer, spec.Dimensions);
            WriteColors(writer, spec.Colors);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("activeSpecification");
        }

        writer.WriteEndObject();
    }

    private static void WriteDimensions(Utf8JsonWriter writer, PrimaryDimensions? dimensions)
    {
        if (dimensions is null)
        {
            writer.WriteNull("primaryDimensions");
            return;
        }

        writer.WriteStartObject("primaryDimensions");
        WriteNullable(writer, "width", dimensions.Width);
        WriteNullable(writer, "height", dimensions.Height);
        WriteNullable(writer, "depth", dimensions.Depth);
        writer.WriteString("unit", dimensions.Unit);
        writer.WriteEndObject();
    }

    private static void WriteColors(Utf8JsonWriter writer, PrimaryColors? colors)
    {
        if (colors is null)
        {
            writer.WriteNull("primaryColors");
            return;
        }

        writer.WriteStartObject("primaryColors");
        WriteSwatch(writer, "primary", colors.Primary);
        WriteSwatch(writer, "secondary", colors.Secondary);
        WriteSwatch(writer, "accent", colors.Accent);
        writer.WriteEndObject();
    }

    private static void WriteSwatch(Utf8JsonWriter writer, string name, ColorSwatch? swatch)
    {
        if (swatch is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        WriteNullable(writer, "hex", swatch.Hex);
        WriteNullable(writer, "name", swatch.Name);
        WriteNullable(writer, "coverage", swatch.Coverage);
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>
    /// Doubles as GraphQL.NET's System.Text.Json serializer writes a <c>Float</c>: <see cref="Utf8JsonWriter"/>'s
    /// shortest round-trip form (<c>120</c>, not <c>120.0</c>).
    /// </summary>
    private static void WriteNullable(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private sealed record Image(long Id, int Width, int Height, string MimeType, string StorageKey);

    private sealed record Spec(long Id, int Version, string? MaterialType, double? ConfidenceOverall, PrimaryDimensions? Dimensions, PrimaryColors? Colors);

    private sealed record Row(long Id, string Name, string Slug, Image? Image, Spec? Spec);
}
