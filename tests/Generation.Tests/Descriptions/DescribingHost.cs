using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests.Descriptions;

/// <summary>
/// A Host whose vision provider for descriptions is a fake OpenAI (pictures are still made by the Offline provider,
/// named in each request), one product analysed offline that its tests share, and short retry waits.
/// </summary>
public sealed class DescribingHost : GenerationHostFixture
{
    public FakeOpenAI Vision { get; private set; } = null!;

    public PhotographedProduct Product { get; private set; } = null!;

    /// <summary>The product's active specification as stored (canonical YAML).</summary>
    public string SpecificationYaml { get; private set; } = "";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Providers:OpenAI:ApiKey"] = "sk-test-describe-0123456789abcdef",
        ["Providers:OpenAI:BaseUrl"] = Vision.BaseUrl.ToString(),
        ["Providers:OpenAI:MaxRetries"] = "0",
        ["Jobs:PollInterval"] = "00:00:01",
        ["Specs:RetryDelay"] = "00:00:00.050",
    };

    public override async Task InitializeAsync()
    {
        Vision = await FakeOpenAI.StartAsync();
        await base.InitializeAsync();
        using var admin = await AdminAsync();
        Product = await admin.PhotographedProductAsync();
        SpecificationYaml = (await admin.QueryAsync("query($id: ID!) { product(id: $id) { activeSpecification { yamlContent } } }", new { id = Product.Id }))
            .GetProperty("product").GetProperty("activeSpecification").Json("yamlContent")!;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Vision.DisposeAsync();
    }

    /// <summary>Answers every vision call with <paramref name="text"/> as the model's message (usage 812 in, 45 out).</summary>
    public void AnswerWith(string text) => Vision.Reply = (context, _) => Answer.Json(context, 200, OpenAIFixtures.Chat(text));

    /// <summary>The specification with its primary colour (<c>colors.primary.hex</c>, the first hex of the template) set to <paramref name="hex"/>.</summary>
    public string SpecificationWithPrimaryColour(string hex)
    {
        var changed = new Regex("hex: '#[0-9A-Fa-f]{6}'", RegexOptions.None, TimeSpan.FromSeconds(1)).Replace(SpecificationYaml, $"hex: '{hex}'", 1);
        Assert.NotEqual(SpecificationYaml, changed);
        return changed;
    }

    /// <summary>The specification's primary colour as stored, e.g. <c>#3C7A5E</c>.</summary>
    public string PrimaryColour() => Regex.Match(SpecificationYaml, "hex: '(#[0-9A-Fa-f]{6})'", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups[1].Value;

    /// <summary>The cost rows of a request's calls: (idempotency key, kind, input tokens, output tokens, outcome), by key.</summary>
    public async Task<List<(string Key, string Kind, int? Input, int? Output, string? Outcome)>> LedgerRowsAsync(string requestId)
    {
        Assert.True(GenerationIds.TryRequest(requestId, out var id), requestId);
        await using var connection = new NpgsqlConnection(Host.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT idempotency_key, kind, input_tokens, output_tokens, outcome FROM costs.ledger_entries WHERE generation_request_id = @id ORDER BY idempotency_key";
        command.Parameters.AddWithValue("id", id);
        var rows = new List<(string, string, int?, int?, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return rows;
    }
}

/// <summary>Reading descriptions through the API.</summary>
internal static class DescriptionApi
{
    public const string Fields = "status attempt provider model specificationVersion changes { path before after kind } yaml errorKind errorMessage inputTokens outputTokens completedAt";

    public const string ImageFields = $"id index description {{ {Fields} }}";

    /// <summary>The request's images once every one has a finished description (DONE or FAILED).</summary>
    public static Task<JsonElement[]> DescribedImagesAsync(this GraphQLClient client, string requestId, int count) =>
        Eventually.ValueAsync(
            async () =>
            {
                var request = await client.RequestAsync(requestId, $"status images {{ {ImageFields} }}");
                var images = request.GetProperty("images").EnumerateArray().ToArray();
                Assert.True(images.Length == count && images.All(i => i.Json("description", "status") is "DONE" or "FAILED"), $"Not described yet: {request}");
                return images;
            },
            TimeSpan.FromSeconds(90));

    public static async Task<JsonElement> DescribeAsync(this GraphQLClient client, object input)
    {
        var data = await client.QueryAsync(
            $"mutation($i: DescribeGeneratedImageInput!) {{ describeGeneratedImage(input: $i) {{ image {{ {ImageFields} }} {GenerationApi.ErrorFields} }} }}",
            new { i = input });
        return data.GetProperty("describeGeneratedImage");
    }

    /// <summary>The image once its description is finished.</summary>
    public static Task<JsonElement> DescribedImageAsync(this GraphQLClient client, string imageId) =>
        Eventually.ValueAsync(
            async () =>
            {
                var image = (await client.QueryAsync($"query($id: ID!) {{ node(id: $id) {{ ... on GeneratedImage {{ {ImageFields} }} }} }}", new { id = imageId })).GetProperty("node");
                Assert.True(image.Json("description", "status") is "DONE" or "FAILED", $"Not described yet: {image}");
                return image;
            },
            TimeSpan.FromSeconds(90));
}
