using System.Globalization;
using System.Text.Json;
using Npgsql;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;

namespace ProductDescriber.Costs.Tests.Support;

/// <summary>Products, analyses and generations through the public API, and the ledger's rows read from the database.</summary>
internal static class CostsApi
{
    public const string CostFields = "cost { amounts { amount currency } calls unpricedCalls isComplete }";

    public const string ErrorFields = "errors { __typename code message ... on BudgetExceededError { scope subjectId limit spent pending estimate currency } }";

    /// <summary>A product with both fixture photos and a specification made by the Offline provider.</summary>
    public static async Task<string> AnalysedProductAsync(this GraphQLClient client)
    {
        var productId = await client.NewProductAsync();
        await client.UploadOkAsync(productId, CatalogApi.Photo(1), CatalogApi.Photo(2));
        var runId = await client.AnalyzeAsync(productId, "offline");
        var run = await client.FinishedRunAsync(runId);
        Assert.Equal("SUCCEEDED", run.Json("status"));
        return productId;
    }

    public static async Task<string> AnalyzeAsync(this GraphQLClient client, string productId, string provider)
    {
        var payload = (await client.QueryAsync(
            $"mutation($i: AnalyzeProductInput!) {{ analyzeProduct(input: $i) {{ run {{ id }} {ErrorFields} }} }}",
            new { i = new { productId, provider } })).GetProperty("analyzeProduct");
        Assert.True(payload.GetProperty("errors").GetArrayLength() == 0, payload.ToString());
        return payload.GetProperty("run").Json("id");
    }

    public static async Task<JsonElement> FinishedRunAsync(this GraphQLClient client, string runId)
    {
        JsonElement run = default;
        await Eventually.AssertAsync(
            async () =>
            {
                run = (await client.QueryAsync($"query($id: ID!) {{ node(id: $id) {{ ... on AnalysisRun {{ status errorKind inputTokens outputTokens {CostFields} }} }} }}", new { id = runId })).GetProperty("node");
                Assert.Contains(run.Json("status"), new[] { "SUCCEEDED", "FAILED" });
            },
            TimeSpan.FromSeconds(60));
        return run;
    }

    public static async Task<JsonElement> GenerateAsync(this GraphQLClient client, string productId, string resolution, int count, string prompt = "On a marble counter")
    {
        var data = await client.QueryAsync(
            $"mutation($i: GenerateImagesInput!) {{ generateImages(input: $i) {{ request {{ id }} {ErrorFields} }} }}",
            new { i = new { productId, prompt, resolution, count, provider = "offline" } });
        return data.GetProperty("generateImages");
    }

    public static async Task<string> StartGenerationAsync(this GraphQLClient client, string productId, string resolution, int count)
    {
        var payload = await client.GenerateAsync(productId, resolution, count);
        Assert.True(payload.GetProperty("errors").GetArrayLength() == 0, payload.ToString());
        return payload.GetProperty("request").Json("id");
    }

    public static async Task<JsonElement> FinishedRequestAsync(this GraphQLClient client, string requestId)
    {
        JsonElement request = default;
        await Eventually.AssertAsync(
            async () =>
            {
                request = (await client.QueryAsync($"query($id: ID!) {{ node(id: $id) {{ ... on GenerationRequest {{ status progress {{ done }} {CostFields} }} }} }}", new { id = requestId })).GetProperty("node");
                Assert.Contains(request.Json("status"), new[] { "SUCCEEDED", "PARTIAL", "FAILED", "CANCELLED" });
            },
            TimeSpan.FromSeconds(60));
        return request;
    }

    public static async Task<JsonElement> SetBudgetAsync(this GraphQLClient client, string scope, string id, decimal? monthlyLimit)
    {
        var data = await client.QueryAsync(
            "mutation($i: SetBudgetInput!) { setBudget(input: $i) { budget { scope subjectId monthlyLimit currency } errors { code message } } }",
            new { i = new { scope, id, monthlyLimit, currency = "USD" } });
        var payload = data.GetProperty("setBudget");
        Assert.True(payload.GetProperty("errors").GetArrayLength() == 0, payload.ToString());
        return payload;
    }

    /// <summary>The single amount of a cost in USD (0 when nothing was priced).</summary>
    public static decimal Usd(this JsonElement owner)
    {
        var amounts = owner.GetProperty("cost").GetProperty("amounts").EnumerateArray().ToList();
        Assert.All(amounts, a => Assert.Equal("USD", a.Json("currency")));
        return amounts.Sum(a => a.GetProperty("amount").GetDecimal());
    }

    /// <summary>The database key behind a global id.</summary>
    public static long Key(string globalId)
    {
        Assert.True(GlobalId.TryDecode(globalId, out _, out var key), globalId);
        return long.Parse(key, CultureInfo.InvariantCulture);
    }

    /// <summary>The ledger's rows for a generation request or analysis run, read from the table itself.</summary>
    public static async Task<List<LedgerRow>> LedgerRowsAsync(this TestHost host, string column, long key)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = column switch
        {
            "generation_request_id" => "SELECT idempotency_key, kind, amount, currency, unpriced_reason, input_tokens, output_tokens, outcome, specification_version, user_id FROM costs.ledger_entries WHERE generation_request_id = @key ORDER BY idempotency_key",
            "analysis_run_id" => "SELECT idempotency_key, kind, amount, currency, unpriced_reason, input_tokens, output_tokens, outcome, specification_version, user_id FROM costs.ledger_entries WHERE analysis_run_id = @key ORDER BY idempotency_key",
            _ => throw new ArgumentOutOfRangeException(nameof(column)),
        };
        command.Parameters.AddWithValue("key", key);
        var rows = new List<LedgerRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new LedgerRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetDecimal(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetInt32(8),
                reader.IsDBNull(9) ? null : reader.GetInt64(9)));
        }

        return rows;
    }

    public static async Task<long> CountAsync(this TestHost host, string sql)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(this TestHost host, string sql, long key)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync();
    }
}

internal sealed record LedgerRow(
    string IdempotencyKey, string Kind, decimal? Amount, string? Currency, string? UnpricedReason, int? InputTokens, int? OutputTokens, string? Outcome, int? SpecificationVersion, long? UserId);
