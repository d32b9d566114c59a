using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ProductDescriber.Generation.Fidelity;
using ProductDescriber.Generation.Tests.Support;
using SkiaSharp;
using Xunit.Abstractions;

namespace ProductDescriber.Generation.Tests.Fidelity;

/// <summary>
/// Fidelity on real pictures: the fixture photos, analysed and composited by the Offline provider, are measured when
/// stored and read over GraphQL; the same stored picture with its hue turned 40 degrees, measured by the same code
/// against the same colours, is flagged.
/// </summary>
public sealed class FidelityFlowTests(GenerationHostFixture fixture, ITestOutputHelper output) : IClassFixture<GenerationHostFixture>
{
    private const string Fields = "status images { index width height fidelity { score deltaE flagged aspectError measuredAspectRatio reason colours { role target measured deltaE } } }";

    /// <summary>The default of Generation:FidelityDeltaEThreshold, which the test Host uses.</summary>
    private const double Threshold = 10;

    [Fact]
    public async Task Composites_of_the_fixture_photos_score_as_faithful_and_the_same_picture_hue_shifted_by_40_degrees_is_flagged()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.AnalysedProductAsync();
        var requestId = await admin.StartGenerationAsync(new { productId, prompt = "On a marble kitchen counter.", aspectRatio = "1:1", count = 2, seed = "7" });
        var request = await admin.FinishedRequestAsync(requestId, fields: Fields);
        Assert.Equal("SUCCEEDED", request.Json("status"));

        var rows = await fixture.Host.ImageRowsAsync(requestId);
        foreach (var image in request.GetProperty("images").EnumerateArray())
        {
            var fidelity = image.GetProperty("fidelity");
            output.WriteLine($"image {image.Json("index")}: {fidelity}");
            Assert.Equal(JsonValueKind.Null, fidelity.GetProperty("reason").ValueKind);
            Assert.Equal("false", fidelity.Json("flagged"));
            var deltaE = fidelity.GetProperty("deltaE").GetDouble();
            Assert.InRange(deltaE, 0, Threshold);
            Assert.Equal(Math.Round(Math.Max(0, 100 - (4 * deltaE)), 1), fidelity.GetProperty("score").GetDouble(), 1);
            var colours = fidelity.GetProperty("colours").EnumerateArray().ToList();
            Assert.Equal("primary", colours[0].Json("role"));
            Assert.All(colours, c => Assert.Matches("^#[0-9A-F]{6}$", c.Json("target")));
            Assert.All(colours, c => Assert.Matches("^#[0-9A-F]{6}$", c.Json("measured")));

            // Measured once, when stored: the row holds the same figures the API returned.
            var row = rows.Single(r => r.Index == image.GetProperty("index").GetInt32());
            Assert.Equal(fidelity.GetProperty("score").GetDouble(), row.FidelityScore);
            Assert.Equal(false, row.FidelityFlagged);
        }

        // The stored picture itself, its hue turned by 40 degrees, against the same specification colours.
        var first = request.GetProperty("images")[0];
        var targets = new FidelityTargets(
            [.. first.GetProperty("fidelity").GetProperty("colours").EnumerateArray().Select(c => new FidelityTarget(c.Json("role")!, c.Json("target")!))],
            AspectRatio: null);
        var stored = await File.ReadAllBytesAsync(Path.Combine(fixture.StorageRoot, rows.Single(r => r.Index == 0).StorageKey));
        using var original = SKBitmap.Decode(stored);
        using var shifted = HueShift.Rotate(original, 40);
        var faithful = FidelityMeter.Measure(stored, targets, Threshold, CancellationToken.None);
        var wrong = FidelityMeter.Measure(HueShift.Png(shifted), targets, Threshold, CancellationToken.None);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"faithful: score {faithful.Score} deltaE {faithful.DeltaE}; hue +40: score {wrong.Score} deltaE {wrong.DeltaE}"));
        output.WriteLine(string.Join("; ", wrong.Colours.Select(c => $"{c.Role} {c.Target} -> {c.Measured} {c.DeltaE}")));

        Assert.Equal(first.GetProperty("fidelity").GetProperty("score").GetDouble(), faithful.Score);
        Assert.Equal(false, faithful.Flagged);
        Assert.Equal(true, wrong.Flagged);
        Assert.True(wrong.DeltaE > Threshold, $"deltaE {wrong.DeltaE}");
        Assert.True(wrong.Score < faithful.Score, $"{wrong.Score} < {faithful.Score}");
    }

    [Fact]
    public async Task Pictures_made_from_a_specification_without_colours_are_recorded_as_not_measured()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.AnalysedProductAsync();
        await EditSpecificationAsync(admin, productId, yaml => Regex.Replace(yaml, @"hex: '#[0-9A-Fa-f]{6}'", "hex: null", RegexOptions.None, TimeSpan.FromSeconds(1)));

        var requestId = await admin.StartGenerationAsync(new { productId, prompt = "On a shelf.", aspectRatio = "1:1", count = 1 });
        var request = await admin.FinishedRequestAsync(requestId, fields: Fields);

        Assert.Equal("SUCCEEDED", request.Json("status"));
        var fidelity = request.GetProperty("images")[0].GetProperty("fidelity");
        Assert.Equal("The specification names no colour to compare with.", fidelity.Json("reason"));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Null), (fidelity.GetProperty("score").ValueKind, fidelity.GetProperty("deltaE").ValueKind, fidelity.GetProperty("flagged").ValueKind));
        Assert.Empty(fidelity.GetProperty("colours").EnumerateArray());
        var row = Assert.Single(await fixture.Host.ImageRowsAsync(requestId));
        Assert.Equal((null, null), (row.FidelityScore, row.FidelityFlagged));
    }

    [Fact]
    public async Task The_product_regions_proportions_are_compared_with_the_specifications_width_to_height()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.AnalysedProductAsync();
        await EditSpecificationAsync(admin, productId, yaml => Regex.Replace(yaml, "width_to_height: [^\n]*", "width_to_height: 1.25", RegexOptions.None, TimeSpan.FromSeconds(1)));

        var requestId = await admin.StartGenerationAsync(new { productId, prompt = "On a shelf.", aspectRatio = "4:3", count = 1 });
        var request = await admin.FinishedRequestAsync(requestId, fields: Fields);

        var fidelity = request.GetProperty("images")[0].GetProperty("fidelity");
        output.WriteLine(fidelity.ToString());
        var measured = fidelity.GetProperty("measuredAspectRatio").GetDouble();
        Assert.InRange(measured, 0.5, 2);
        Assert.Equal(Math.Round(Math.Abs((measured / 1.25) - 1), 3), fidelity.GetProperty("aspectError").GetDouble(), 3);
    }

    /// <summary>A new active version of the product's specification, its YAML changed by <paramref name="edit"/>.</summary>
    private static async Task EditSpecificationAsync(GraphQLClient admin, string productId, Func<string, string> edit)
    {
        var active = (await admin.QueryAsync("query($id: ID!) { product(id: $id) { activeSpecification { id yamlContent } } }", new { id = productId }))
            .GetProperty("product").GetProperty("activeSpecification");
        var yaml = active.Json("yamlContent")!;
        var edited = edit(yaml);
        Assert.NotEqual(yaml, edited);
        var update = (await admin.QueryAsync(
            "mutation($i: UpdateSpecificationInput!) { updateSpecification(input: $i) { specification { id } errors { message } } }",
            new { i = new { specificationId = active.Json("id"), yamlContent = edited } })).GetProperty("updateSpecification");
        Assert.True(update.GetProperty("errors").GetArrayLength() == 0, update.ToString());
        await admin.ActivateAsync(update.GetProperty("specification").Json("id")!);
    }
}
