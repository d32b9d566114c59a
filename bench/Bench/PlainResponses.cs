using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Npgsql;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Bench;

/// <summary>
/// Writes, byte for byte, the JSON the GraphQL documents of <see cref="Scenario"/> return, from the same database.
/// </summary>
/// <remarks>
/// Data access is hand-written SQL on the Host's <see cref="NpgsqlDataSource"/>: each scenario compares GraphQL and
/// the modules' EF Core reads against the endpoint one would write by hand (issue 14).
/// </remarks>
internal static class PlainResponses
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    private const string UserTypeName = "User";

    private const string PageSql = """
        SELECT id, username, email, role, is_active, created_at
        FROM identity.users
        ORDER BY username, id
        LIMIT $1
        """;

    private const string MeSql = "SELECT id, username, email, role, is_active, created_at FROM identity.users WHERE id = $1";

    private const string CountSql = "SELECT count(*)::int FROM identity.users";

    // The GraphQL serializer's settings (ProductDescriberHost: UnsafeRelaxedJsonEscaping), so the bytes can match.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task MeAsync(NpgsqlDataSource dataSource, long userId, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        UserInfo? user = null;
        await using (var command = dataSource.CreateCommand(MeSql))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                user = ReadUser(reader);
            }
        }

        WriteData(output, writer =>
        {
            writer.WritePropertyName("me");
            if (user is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                WriteUser(writer, user);
            }
        });
    }

    public static async Task UsersAsync(NpgsqlDataSource dataSource, int first, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(first, 0, MaxPageSize);
        var rows = new List<UserInfo>(size + 1);
        int total;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using (var page = new NpgsqlCommand(PageSql, connection))
            {
                page.Parameters.Add(new NpgsqlParameter<int> { TypedValue = size + 1 });
                await using var reader = await page.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(ReadUser(reader));
                }
            }

            await using var count = new NpgsqlCommand(CountSql, connection);
            total = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        var hasNextPage = rows.Count > size;
        if (hasNextPage)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        WriteData(output, writer =>
        {
            writer.WriteStartObject("users");
            writer.WriteNumber("totalCount", total);
            writer.WriteStartObject("pageInfo");
            writer.WriteBoolean("hasNextPage", hasNextPage);
            if (rows.Count > 0)
            {
                writer.WriteString("endCursor", Cursor(rows[^1]));
            }
            else
            {
                writer.WriteNull("endCursor");
            }

            writer.WriteEndObject();
            writer.WriteStartArray("nodes");
            foreach (var user in rows)
            {
                WriteUser(writer, user);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static Task TypenameAsync(IBufferWriter<byte> output)
    {
        WriteData(output, writer => writer.WriteString("__typename", "Query"));
        return Task.CompletedTask;
    }

    private static UserInfo ReadUser(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetBoolean(4),
        reader.GetFieldValue<DateTimeOffset>(5));

    /// <summary><c>{"data":{...}}</c>, as GraphQL.NET's serializer lays out a result without errors.</summary>
    public static void WriteData(IBufferWriter<byte> output, Action<Utf8JsonWriter> writeData)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteStartObject("data");
        writeData(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The GraphQL <c>User</c> type's fields in selection order; the caller is the user or an admin, so email shows.</summary>
    private static void WriteUser(Utf8JsonWriter writer, UserInfo user)
    {
        writer.WriteStartObject();
        writer.WriteString("id", GlobalId.Encode(UserTypeName, user.Id));
        writer.WriteString("username", user.Username);
        writer.WriteString("email", user.Email);
        writer.WriteString("role", user.Role.ToUpperInvariant());
        writer.WriteBoolean("isActive", user.IsActive);
        writer.WriteString("createdAt", user.CreatedAt);
        writer.WriteEndObject();
    }

    /// <summary>KeysetPaging's cursor for the ordering (username, id): base64 of the JSON array of the key values.</summary>
    private static string Cursor(UserInfo user) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes<object[]>([user.Username, user.Id]));
}
