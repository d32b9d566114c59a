using System.Text.Json;
using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests.Requests;

/// <summary>
/// What <c>generateImages</c> refuses: each refusal is a typed payload error naming the field or the reason, and
/// nothing is stored for it (no request row, no job). The same idempotency key from the same user is one request.
/// </summary>
public sealed class GenerateImagesInputTests(GenerateImagesInputTests.Catalogue catalogue) : IClassFixture<GenerateImagesInputTests.Catalogue>
{
    public static TheoryData<string, object, string> Refusals => new()
    {
        { "aspectRatio", new { aspectRatio = "7:3" }, "VALIDATION_FAILED" },
        { "aspectRatio", new { aspectRatio = "16/9" }, "VALIDATION_FAILED" },
        { "resolution", new { resolution = "8K" }, "VALIDATION_FAILED" },
        { "resolution", new { resolution = "2k " }, "OK" },
        { "count", new { count = 0 }, "VALIDATION_FAILED" },
        { "count", new { count = 9 }, "VALIDATION_FAILED" },
        { "prompt", new { prompt = new string('x', 8001) }, "VALIDATION_FAILED" },
        { "prompt", new { prompt = "   " }, "VALIDATION_FAILED" },
        { "customPromptOverride", new { customPromptOverride = new string('x', 8001) }, "VALIDATION_FAILED" },
        { "seed", new { seed = new string('7', 101) }, "VALIDATION_FAILED" },
        { "idempotencyKey", new { idempotencyKey = new string('k', 201) }, "VALIDATION_FAILED" },
        { "provider", new { provider = "nobody" }, "UNKNOWN_PROVIDER" },
        { "specificationId", new { specificationId = "U3BlY2lmaWNhdGlvbjo5OTk5OTk=" }, "VALIDATION_FAILED" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_value_is_refused_with_a_typed_error_and_nothing_is_stored(string field, object change, string code)
    {
        using var admin = await catalogue.Host.AdminAsync();
        var input = Merge(new { productId = catalogue.ProductId, prompt = "On a wooden table." }, change);
        var before = await catalogue.Host.RequestCountAsync();

        var payload = await admin.GenerateAsync(input);

        if (code == "OK")
        {
            Assert.Empty(payload.GetProperty("errors").EnumerateArray());
            return;
        }

        var error = Assert.Single(payload.GetProperty("errors").EnumerateArray());
        Assert.Equal(code, error.Json("code"));
        if (code == "VALIDATION_FAILED")
        {
            Assert.Equal(field, error.Json("field"));
        }

        Assert.Equal(JsonValueKind.Null, payload.GetProperty("request").ValueKind);
        Assert.Equal(before, await catalogue.Host.RequestCountAsync());
    }

    [Fact]
    public async Task Products_that_cannot_be_pictured_are_refused_for_their_reason()
    {
        using var admin = await catalogue.Host.AdminAsync();
        var unknown = "UHJvZHVjdDo5OTk5OTk=";
        var noPhotos = await admin.NewProductAsync("No photos yet");
        var noSpec = await admin.NewProductAsync("Not analysed yet");
        await admin.UploadOkAsync(noSpec, CatalogApi.Photo(1));
        var archived = await admin.AnalysedProductAsync("Archived");
        await admin.MutateAsync("archiveProduct", "ArchiveProductInput", new { productId = archived }, "product { id }");
        var before = await catalogue.Host.RequestCountAsync();

        Assert.Equal(["NOT_FOUND"], (await admin.GenerateAsync(new { productId = unknown, prompt = "x" })).ErrorCodes());
        Assert.Equal(["NO_SPECIFICATION"], (await admin.GenerateAsync(new { productId = noPhotos, prompt = "x" })).ErrorCodes());
        Assert.Equal(["NO_SPECIFICATION"], (await admin.GenerateAsync(new { productId = noSpec, prompt = "x" })).ErrorCodes());
        Assert.Equal(["PRODUCT_ARCHIVED"], (await admin.GenerateAsync(new { productId = archived, prompt = "x" })).ErrorCodes());
        Assert.Equal(before, await catalogue.Host.RequestCountAsync());
    }

    [Fact]
    public async Task A_specification_of_another_product_is_refused()
    {
        using var admin = await catalogue.Host.AdminAsync();
        var other = await admin.AnalysedProductAsync("Another product");
        var otherSpec = (await admin.QueryAsync("query($id: ID!) { node(id: $id) { ... on Product { activeSpecification { id } } } }", new { id = other }))
            .GetProperty("node").GetProperty("activeSpecification").Json("id");

        var payload = await admin.GenerateAsync(new { productId = catalogue.ProductId, prompt = "x", specificationId = otherSpec });

        var error = Assert.Single(payload.GetProperty("errors").EnumerateArray());
        Assert.Equal(("VALIDATION_FAILED", "specificationId"), (error.Json("code"), error.Json("field")));
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_request_even_when_sent_at_once()
    {
        using var admin = await catalogue.Host.AdminAsync();
        var input = new { productId = catalogue.ProductId, prompt = "In a garden.", idempotencyKey = "order-7731-" + Guid.NewGuid() };
        var before = await catalogue.Host.RequestCountAsync();

        var payloads = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => admin.GenerateAsync(input)));
        var again = await admin.GenerateAsync(input);

        var ids = payloads.Append(again).Select(p => p.GetProperty("request").Json("id")).Distinct().ToList();
        Assert.Single(ids);
        Assert.Equal(before + 1, await catalogue.Host.RequestCountAsync());
    }

    [Fact]
    public async Task An_idempotency_key_is_per_user_and_per_product()
    {
        using var admin = await catalogue.Host.AdminAsync();
        var member = await catalogue.Host.CreateUserAsync();
        using var memberClient = catalogue.Host.CreateGraphQLClient(member.Token);
        var key = "shared-key-" + Guid.NewGuid();

        var mine = await admin.GenerateAsync(new { productId = catalogue.ProductId, prompt = "A", idempotencyKey = key });
        var theirs = await memberClient.GenerateAsync(new { productId = catalogue.ProductId, prompt = "A", idempotencyKey = key });
        Assert.NotEqual(mine.GetProperty("request").Json("id"), theirs.GetProperty("request").Json("id"));

        var other = await admin.AnalysedProductAsync("Key reuse");
        var reused = await admin.GenerateAsync(new { productId = other, prompt = "A", idempotencyKey = key });
        Assert.Equal(["CONFLICT"], reused.ErrorCodes());
    }

    [Fact]
    public async Task The_effective_prompt_is_the_override_verbatim_when_one_is_given()
    {
        using var admin = await catalogue.Host.AdminAsync();
        const string Override = "  Exactly this text, nothing else.\n";

        var payload = await admin.GenerateAsync(new { productId = catalogue.ProductId, customPromptOverride = Override });

        Assert.Equal(Override, payload.GetProperty("request").Json("effectivePrompt"));
    }

    private static Dictionary<string, object?> Merge(object baseline, object change)
    {
        var merged = baseline.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(baseline));
        foreach (var property in change.GetType().GetProperties())
        {
            merged[property.Name] = property.GetValue(change);
        }

        return merged;
    }

    public sealed class Catalogue : GenerationHostFixture, IAsyncLifetime
    {
        public string ProductId { get; private set; } = "";

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Generation:MaxPromptLength"] = "8000",
            ["Generation:MaxUnfinishedRequestsPerProduct"] = "100",
        };

        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            using var admin = await AdminAsync();
            ProductId = await admin.AnalysedProductAsync("Pictured");
        }
    }
}
