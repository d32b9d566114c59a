using System.Text.Json;
using ProductDescriber.Specs.Tests.Support;

namespace ProductDescriber.Specs.Tests.Providers;

public sealed class OpenAIFlowTests(OpenAIFlowHost host) : ProviderFlowTests(host), IClassFixture<OpenAIFlowHost>;

public sealed class GeminiFlowTests(GeminiFlowHost host) : ProviderFlowTests(host), IClassFixture<GeminiFlowHost>;

/// <summary>
/// An analysis through a remote provider's real connector, over the public API, against a fake of that provider's
/// HTTP API: what the provider is sent, and what each kind of reply makes of the run.
/// </summary>
public abstract class ProviderFlowTests
{
    private const string NotYaml = "Sorry, I cannot analyse these photos. They are too dark to make out the product.";

    private readonly ProviderFlowHost _host;
    private readonly FakeVision _fake;

    protected ProviderFlowTests(ProviderFlowHost host)
    {
        _host = host;
        _fake = host.Fake;
        _fake.Reset();
    }

    [Fact]
    public async Task A_fenced_YAML_reply_becomes_version_1_with_the_usage_recorded_and_the_photos_sent_primary_first()
    {
        using var admin = await _host.AdminAsync();
        var (productId, primary, other) = await ProductWithTwoPhotosAsync(admin);
        var template = await TemplateTextAsync(admin);
        _fake.AnswerWith($"Here is the filled template.\n```yaml\n{Filled(template)}```\n");

        var run = await admin.FinishedRunAsync(await admin.StartAnalysisAsync(productId, _fake.Provider));

        Assert.Equal("SUCCEEDED", run.Json("status"));
        Assert.Equal(1, run.GetProperty("specification").GetProperty("version").GetInt32());
        Assert.Equal(_fake.Usage.Input, run.GetProperty("inputTokens").GetInt32());
        Assert.Equal(_fake.Usage.Output, run.GetProperty("outputTokens").GetInt32());
        Assert.Equal(1, run.GetProperty("attempts").GetInt32());
        Assert.Equal(2, run.GetProperty("imagesSent").GetInt32());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("errorKind").ValueKind);

        var active = await admin.ActiveSpecificationAsync(productId) ?? throw new Xunit.Sdk.XunitException("No active specification.");
        Assert.Equal("#1A2B3C", active.GetProperty("primaryColors").GetProperty("primary").Json("hex"));
        Assert.DoesNotContain(active.GetProperty("validationIssues").EnumerateArray(), i => i.Json("severity") == "ERROR");

        var sent = _fake.LastPrompt();
        Assert.Equal(1, _fake.RequestCount);
        Assert.Contains(template, sent.Texts);
        Assert.Equal(2, sent.Images.Count);
        Assert.Equal(CatalogApi.PngSize(primary), CatalogApi.PngSize(sent.Images[0]));
        Assert.Equal(CatalogApi.PngSize(other), CatalogApi.PngSize(sent.Images[1]));
    }

    [Fact]
    public async Task A_reply_that_is_not_YAML_fails_the_run_and_keeps_the_reply_for_its_requester_and_admins_only()
    {
        var requester = await _host.Host.CreateUserAsync();
        var bystander = await _host.Host.CreateUserAsync();
        using var member = _host.Host.CreateGraphQLClient(requester.Token);
        using var other = _host.Host.CreateGraphQLClient(bystander.Token);
        using var admin = await _host.AdminAsync();
        var productId = await member.ProductWithPhotosAsync();
        _fake.AnswerWith(NotYaml);

        var runId = await member.StartAnalysisAsync(productId, _fake.Provider);
        var run = await member.FinishedRunAsync(runId);

        Assert.Equal("FAILED", run.Json("status"));
        Assert.Equal("UNPARSEABLE_REPLY", run.Json("errorKind"));
        Assert.False(string.IsNullOrWhiteSpace(run.Json("errorMessage")));
        Assert.Equal(JsonValueKind.Null, run.GetProperty("specification").ValueKind);
        Assert.Empty(await member.VersionsAsync(productId));
        Assert.Null(await member.ActiveSpecificationAsync(productId));

        Assert.Equal(NotYaml, run.Json("rawReply"));
        Assert.Equal(NotYaml, (await admin.RunAsync(runId)).Json("rawReply"));
        Assert.Equal(JsonValueKind.Null, (await other.RunAsync(runId)).GetProperty("rawReply").ValueKind);
    }

    [Fact]
    public async Task A_YAML_reply_breaking_the_template_fails_INVALID_REPLY_with_its_issues_and_makes_no_version()
    {
        using var admin = await _host.AdminAsync();
        var productId = await admin.ProductWithPhotosAsync();
        var template = await TemplateTextAsync(admin);
        var reply = $"```yaml\n{ReplaceFirst(template, "hex: null", "hex: red")}```";
        _fake.AnswerWith(reply);

        var run = await admin.FinishedRunAsync(await admin.StartAnalysisAsync(productId, _fake.Provider));

        Assert.Equal("FAILED", run.Json("status"));
        Assert.Equal("INVALID_REPLY", run.Json("errorKind"));
        var issue = Assert.Single(run.GetProperty("validationIssues").EnumerateArray(), i => i.Json("severity") == "ERROR");
        Assert.Equal("colors.primary.hex", issue.Json("path"));
        Assert.Equal(reply, run.Json("rawReply"));
        Assert.Equal(JsonValueKind.Null, run.GetProperty("specification").ValueKind);
        Assert.Empty(await admin.VersionsAsync(productId));
    }

    [Fact]
    public async Task A_rate_limit_with_Retry_After_is_waited_out_and_the_next_attempt_succeeds()
    {
        using var admin = await _host.AdminAsync();
        var productId = await admin.ProductWithPhotosAsync();
        _fake.RateLimitedOnceThen($"```yaml\n{Filled(await TemplateTextAsync(admin))}```");

        var run = await admin.FinishedRunAsync(await admin.StartAnalysisAsync(productId, _fake.Provider));

        Assert.Equal("SUCCEEDED", run.Json("status"));
        Assert.Equal(2, run.GetProperty("attempts").GetInt32());
        Assert.Equal(2, _fake.RequestCount);
        Assert.Equal(1, run.GetProperty("specification").GetProperty("version").GetInt32());

        // Tokens of the answered call only: the refused one reported none.
        Assert.Equal(_fake.Usage.Input, run.GetProperty("inputTokens").GetInt32());
    }

    [Fact]
    public async Task A_refused_key_fails_the_run_AUTHENTICATION_after_one_request()
    {
        using var admin = await _host.AdminAsync();
        var productId = await admin.ProductWithPhotosAsync();
        _fake.RejectKey();

        var run = await admin.FinishedRunAsync(await admin.StartAnalysisAsync(productId, _fake.Provider));

        Assert.Equal("FAILED", run.Json("status"));
        Assert.Equal("AUTHENTICATION", run.Json("errorKind"));
        Assert.Equal(1, run.GetProperty("attempts").GetInt32());
        Assert.Equal(1, _fake.RequestCount);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("specification").ValueKind);
    }

    /// <summary>The template with a few values filled in, as a model would reply.</summary>
    internal static string Filled(string template) =>
        ReplaceFirst(ReplaceFirst(template, "product_name: null", "product_name: Flow test bag"), "hex: null", "hex: \"#1A2B3C\"");

    internal static async Task<string> TemplateTextAsync(GraphQLClient client)
    {
        var templates = (await client.QueryAsync("{ specificationTemplates { isDefault text } }")).GetProperty("specificationTemplates");
        return templates.EnumerateArray().Single(t => t.GetProperty("isDefault").GetBoolean()).Json("text");
    }

    private static string ReplaceFirst(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' is not in the template");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length));
    }

    /// <summary>A product with a landscape then a portrait photo, the portrait made primary afterwards, so "primary
    /// first" differs from upload order.</summary>
    private static async Task<(string ProductId, byte[] Primary, byte[] Other)> ProductWithTwoPhotosAsync(GraphQLClient client)
    {
        var productId = await client.NewProductAsync();
        var landscape = TestSupport.Images.TestImages.Png(48, 32);
        var portrait = TestSupport.Images.TestImages.Png(32, 48);
        var uploaded = await client.UploadOkAsync(productId, new UploadFile("landscape.png", landscape), new UploadFile("portrait.png", portrait));
        var portraitId = uploaded.GetProperty("referenceImages").EnumerateArray().Single(i => i.Json("fileName") == "portrait.png").Json("id");
        var payload = await client.MutateAsync("setPrimaryReferenceImage", "SetPrimaryReferenceImageInput", new { productId, referenceImageId = portraitId }, "product { id }");
        Assert.Empty(payload.Errors());
        return (productId, portrait, landscape);
    }
}
