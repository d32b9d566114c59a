using System.Text;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Specs.Tests.Support;

namespace ProductDescriber.Specs.Tests;

/// <summary>Every refusal is a typed payload error, and nothing is stored for it: no run, no version, no file.</summary>
public sealed class BadInputTests(SpecsHostFixture fixture) : IClassFixture<SpecsHostFixture>
{
    [Fact]
    public async Task Analyses_that_cannot_run_are_refused_without_a_run()
    {
        using var admin = await fixture.AdminAsync();
        var withPhotos = await admin.ProductWithPhotosAsync();
        var withoutPhotos = await admin.NewProductAsync();
        var other = await admin.ProductWithPhotosAsync();
        var foreignImage = (await admin.ReferenceImagesAsync(other))[0].Json("id");
        var archived = await admin.ProductWithPhotosAsync();
        await admin.MutateAsync("archiveProduct", "ArchiveProductInput", new { productId = archived }, "product { id }");

        await AssertRefusedAsync(admin, new { productId = GlobalId.Encode("Product", 999999) }, "NOT_FOUND", withPhotos);
        await AssertRefusedAsync(admin, new { productId = archived }, "PRODUCT_ARCHIVED", archived);
        await AssertRefusedAsync(admin, new { productId = withoutPhotos }, "NO_REFERENCE_IMAGES", withoutPhotos);
        await AssertRefusedAsync(admin, new { productId = withPhotos, referenceImageIds = new[] { foreignImage } }, "VALIDATION_FAILED", withPhotos);
        await AssertRefusedAsync(admin, new { productId = withPhotos, referenceImageIds = Array.Empty<string>() }, "VALIDATION_FAILED", withPhotos);
        await AssertRefusedAsync(admin, new { productId = withPhotos, provider = "no-such-provider" }, "UNKNOWN_PROVIDER", withPhotos);
        await AssertRefusedAsync(admin, new { productId = withPhotos, provider = "openai" }, "PROVIDER_NOT_CONFIGURED", withPhotos);
        await AssertRefusedAsync(admin, new { productId = withPhotos, templateVersion = "9.9" }, "VALIDATION_FAILED", withPhotos);
    }

    [Fact]
    public async Task A_free_form_analysis_is_not_checked_against_a_template()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.ProductWithPhotosAsync();
        var payload = await admin.AnalyzeAsync(new { productId, useTemplate = false });
        var run = await admin.FinishedRunAsync(payload.GetProperty("run").Json("id"));

        Assert.Equal("SUCCEEDED", run.Json("status"));
        var spec = (await admin.ActiveSpecificationAsync(productId))!.Value;
        Assert.Equal("null", spec.Json("templateName"));
        Assert.Empty(spec.GetProperty("validationIssues").EnumerateArray());
    }

    [Theory]
    [InlineData("metadata: [unclosed", "YAML_SYNTAX")]
    [InlineData("a: &x [1, 2]\nb: *x\n", "YAML_ALIAS")]
    [InlineData("metadata: 1\nmetadata: 2\n", "YAML_DUPLICATE_KEY")]
    [InlineData("- just\n- a list\n", "YAML_NOT_A_MAPPING")]
    public async Task Unreadable_yaml_is_refused_with_where_and_why_and_nothing_stored(string yaml, string reason)
    {
        using var admin = await fixture.AdminAsync();
        var (productId, v1) = await AnalysedAsync(admin);

        var payload = await admin.UpdateAsync(v1, yaml);

        var error = Assert.Single(payload.Errors());
        Assert.Equal("INVALID_YAML", error.Json("code"));
        Assert.Equal(reason, error.Json("reason"));
        if (reason is "YAML_SYNTAX" or "YAML_DUPLICATE_KEY")
        {
            Assert.True(error.GetProperty("line").GetInt32() >= 1, error.ToString());
            Assert.True(error.GetProperty("column").GetInt32() >= 1, error.ToString());
        }

        Assert.Equal(new[] { 1 }, await admin.VersionsAsync(productId));
    }

    [Fact]
    public async Task A_billion_laughs_edit_fails_fast_with_a_typed_error()
    {
        using var admin = await fixture.AdminAsync();
        var (productId, v1) = await AnalysedAsync(admin);
        var bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            bomb.Append(level).Append(": &").Append(level).Append(" [").Append(string.Join(",", Enumerable.Repeat("*" + previous, 9))).Append("]\n");
        }

        var payload = await admin.UpdateAsync(v1, bomb.ToString());

        Assert.Equal("YAML_ALIAS", Assert.Single(payload.Errors()).Json("reason"));
        Assert.Equal(new[] { 1 }, await admin.VersionsAsync(productId));
    }

    [Fact]
    public async Task An_edit_breaking_the_template_is_refused_with_its_issues()
    {
        using var admin = await fixture.AdminAsync();
        var (productId, v1) = await AnalysedAsync(admin);
        var yaml = (await admin.ActiveSpecificationAsync(productId))!.Value.Json("yamlContent");
        var broken = System.Text.RegularExpressions.Regex.Replace(yaml, "hex: '?#[0-9A-Fa-f]{6}'?", "hex: red", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.NotEqual(yaml, broken);

        var payload = await admin.UpdateAsync(v1, broken);

        var error = Assert.Single(payload.Errors());
        Assert.Equal("TEMPLATE_VIOLATION", error.Json("code"));
        Assert.Contains(error.GetProperty("issues").EnumerateArray(), i => i.Json("path").EndsWith(".hex", StringComparison.Ordinal) && i.Json("severity") == "ERROR");
        Assert.Equal(new[] { 1 }, await admin.VersionsAsync(productId));
    }

    [Fact]
    public async Task Edits_of_unknown_versions_and_of_archived_products_are_refused()
    {
        using var admin = await fixture.AdminAsync();
        var (productId, v1) = await AnalysedAsync(admin);
        var yaml = (await admin.ActiveSpecificationAsync(productId))!.Value.Json("yamlContent");

        Assert.Equal("NOT_FOUND", Assert.Single((await admin.UpdateAsync(GlobalId.Encode("Specification", 999999), yaml)).Errors()).Json("code"));
        Assert.Equal("NOT_FOUND", Assert.Single((await admin.ActivateAsync(GlobalId.Encode("Product", 1))).Errors()).Json("code"));
        Assert.Equal("VALIDATION_FAILED", Assert.Single((await admin.UpdateAsync(v1, yaml, new string('n', 2001))).Errors()).Json("code"));

        await admin.MutateAsync("archiveProduct", "ArchiveProductInput", new { productId }, "product { id }");
        Assert.Equal("PRODUCT_ARCHIVED", Assert.Single((await admin.UpdateAsync(v1, yaml)).Errors()).Json("code"));
        Assert.Equal("PRODUCT_ARCHIVED", Assert.Single((await admin.ActivateAsync(v1)).Errors()).Json("code"));

        // Archived products keep their specifications readable.
        Assert.Equal(1, (await admin.ActiveSpecificationAsync(productId))!.Value.GetProperty("version").GetInt32());
        Assert.Equal(new[] { 1 }, await admin.VersionsAsync(productId));
    }

    private static async Task<(string ProductId, string V1)> AnalysedAsync(GraphQLClient admin)
    {
        var productId = await admin.ProductWithPhotosAsync();
        var run = await admin.FinishedRunAsync(await admin.StartAnalysisAsync(productId));
        Assert.Equal("SUCCEEDED", run.Json("status"));
        return (productId, run.GetProperty("specification").Json("id"));
    }

    private static async Task AssertRefusedAsync(GraphQLClient admin, object input, string code, string productId)
    {
        var payload = await admin.AnalyzeAsync(input);
        Assert.Equal("null", payload.Json("run"));
        Assert.Equal(code, Assert.Single(payload.Errors()).Json("code"));
        var runs = await admin.QueryAsync("query($id: ID!) { product(id: $id) { analysisRuns { totalCount } } }", new { id = productId });
        Assert.Equal(0, runs.GetProperty("product").GetProperty("analysisRuns").GetProperty("totalCount").GetInt32());
    }
}
