using System.Globalization;
using System.Text.RegularExpressions;
using ProductDescriber.Providers.Abstractions;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace ProductDescriber.Providers.Offline.Tests;

/// <summary>
/// The Offline provider fills the template the request carries (ADR 0027): measured values at the template's own
/// paths, every other leaf as the template gives it, no key added, whatever the template's version.
/// </summary>
public sealed partial class OfflineTemplateTests(ITestOutputHelper output)
{
    private static readonly (string, string) V10 = ("product-analysis@1.0", TemplateTexts.ProductAnalysis10);

    private readonly IAiProvider provider = OfflineProviderFixture.Create();

    [Fact]
    public async Task Measured_values_are_written_at_the_template_paths_and_read_back_as_measured()
    {
        var reply = await OfflineProviderFixture.AnalyseAsync(provider, V10, "stasher_1.png", "stasher_2.png");
        output.WriteLine(reply.Content);
        var measured = Assert.IsType<OfflineMeasurements>(reply.Metadata![AiMetadata.Measurements]);
        var root = YamlTree.Load(reply.Content!);

        Assert.Equal("1.0", YamlTree.Scalar(root, "metadata.template_version"));
        Assert.Equal("2026-03-14", YamlTree.Scalar(root, "metadata.analysis_date"));
        Assert.Equal("2", YamlTree.Scalar(root, "metadata.image_count"));
        Assert.Equal(Math.Round(0.1 + (0.2 * measured.Photos.Average(p => p.MaskConfidence)), 2), YamlTree.Number(root, "metadata.confidence_overall"));

        var primary = measured.Photos[0];
        var box = primary.ProductBox!;
        foreach (var axis in new[] { "width", "height", "depth" })
        {
            Assert.Contains($"product bounding box {box.Width}x{box.Height} px", YamlTree.Scalar(root, $"dimensions.primary.{axis}.measurement_basis"), StringComparison.Ordinal);
            Assert.Null(YamlTree.Scalar(root, $"dimensions.primary.{axis}.value"));
        }

        Assert.Equal("true", YamlTree.Scalar(root, "dimensions.scale_required"));
        var ratio = YamlTree.Scalar(root, "dimensions.aspect_ratios.width_to_height");
        Assert.Equal(primary.MaskConfidence >= 0.4 ? Math.Round((double)box.Width / box.Height, 2).ToString(CultureInfo.InvariantCulture) : null, ratio);

        Assert.True(measured.ProductColors.Count >= 3, "both photos have at least three product colours");
        foreach (var (rank, colour) in new[] { "primary", "secondary", "accent" }.Zip(measured.ProductColors))
        {
            Assert.Equal(colour.Hex, YamlTree.Scalar(root, $"colors.{rank}.hex"));
            Assert.Equal([colour.Red.ToString(CultureInfo.InvariantCulture), colour.Green.ToString(CultureInfo.InvariantCulture), colour.Blue.ToString(CultureInfo.InvariantCulture)],
                YamlTree.Strings(root, $"colors.{rank}.rgb"));
            Assert.Equal(colour.Name, YamlTree.Scalar(root, $"colors.{rank}.name"));
            Assert.Equal(colour.CoveragePercentage, YamlTree.Number(root, $"colors.{rank}.coverage_percentage"), 3);
            Assert.InRange(YamlTree.Number(root, $"colors.{rank}.confidence"), 0.2, 0.5);
        }

        var transparency = measured.Transparency;
        Assert.NotNull(transparency.Type);
        Assert.Equal(transparency.Type, YamlTree.Scalar(root, "materials.optical_properties.transparency.type"));
        Assert.Equal(transparency.SeeThroughPercentage!.Value, YamlTree.Number(root, "materials.optical_properties.transparency.percentage"), 3);
        Assert.Equal(transparency.Confidence, YamlTree.Number(root, "materials.optical_properties.transparency.confidence"), 3);

        // The per-photo figures SpecBuilder used to add under an unknown key are sentences in the notes now.
        var challenges = YamlTree.Strings(root, "analysis_notes.measurement_challenges");
        foreach (var photo in measured.Photos)
        {
            Assert.Contains(challenges, c => c.StartsWith($"Image {photo.Index + 1} (", StringComparison.Ordinal) && c.Contains($"{photo.Width}x{photo.Height} px", StringComparison.Ordinal));
        }

        Assert.Contains(challenges, c => c.Contains("millimetres is null", StringComparison.Ordinal));
        Assert.NotEmpty(YamlTree.Strings(root, "analysis_notes.assumptions_made"));
        Assert.Contains(YamlTree.Strings(root, "analysis_notes.recommended_additional_images"), r => r.Contains("ruler", StringComparison.Ordinal));
        Assert.Equal(["metadata.image_count"], YamlTree.Strings(root, "uncertainty.highest_confidence_fields"));
        Assert.Contains("colors", YamlTree.Strings(root, "uncertainty.lowest_confidence_fields"));
        Assert.DoesNotMatch(MillimetreNumber(), reply.Content!);
    }

    [Fact]
    public async Task Every_leaf_the_provider_cannot_measure_stays_as_the_template_gives_it_and_no_key_is_added()
    {
        var template = YamlTree.Leaves(YamlTree.Load(TemplateTexts.ProductAnalysis10));
        var reply = await OfflineProviderFixture.AnalyseAsync(provider, V10, "stasher_2.png");
        var filled = YamlTree.Leaves(YamlTree.Load(reply.Content!));

        Assert.Equal(template.Keys, filled.Keys);
        var changed = template.Keys.Where(path => YamlTree.Show(template[path]) != YamlTree.Show(filled[path])).ToList();
        output.WriteLine(string.Join("\n", changed));
        Assert.All(changed, path => Assert.Matches(FillablePath(), path));
        Assert.Contains("colors.primary.hex", changed);
        Assert.Contains("metadata.image_count", changed);
        Assert.Contains("dimensions.primary.depth.measurement_basis", changed);
        Assert.Contains("dimensions.aspect_ratios.width_to_height", changed); // stasher_2 separates well enough for it

        // What the template fixes (a unit, its version) is the template's word, even where the provider writes nearby.
        Assert.Equal("mm", YamlTree.Scalar(YamlTree.Load(reply.Content!), "dimensions.primary.width.unit"));
    }

    [Fact]
    public async Task A_template_version_the_provider_has_never_seen_is_filled_where_its_paths_match()
    {
        var template = YamlTree.Leaves(YamlTree.Load(TemplateTexts.ProductAnalysis20));
        var reply = await OfflineProviderFixture.AnalyseAsync(provider, ("product-analysis@2.0", TemplateTexts.ProductAnalysis20), "stasher_2.png");
        output.WriteLine(reply.Content);
        var root = YamlTree.Load(reply.Content!);
        var filled = YamlTree.Leaves(root);

        Assert.Equal(template.Keys, filled.Keys);
        Assert.Equal("2.0", YamlTree.Scalar(root, "metadata.template_version"));
        Assert.Equal("1", YamlTree.Scalar(root, "metadata.image_count"));
        Assert.Null(YamlTree.Scalar(root, "metadata.photographer"));

        // A new axis under dimensions.primary gets the measurement basis like the known ones.
        Assert.StartsWith("pixels only", YamlTree.Scalar(root, "dimensions.primary.diameter.measurement_basis"), StringComparison.Ordinal);
        Assert.StartsWith("pixels only", YamlTree.Scalar(root, "dimensions.primary.width.measurement_basis"), StringComparison.Ordinal);

        // Renamed and new sections are left alone: the provider knows "colors", not "palette".
        Assert.Null(YamlTree.Scalar(root, "palette.primary.hex"));
        Assert.Null(YamlTree.Scalar(root, "packaging.type"));
        Assert.Null(YamlTree.Scalar(root, "packaging.barcode"));

        // This version has a basis for transparency, so it gets one.
        Assert.Contains("silhouette", YamlTree.Scalar(root, "materials.optical_properties.transparency.basis"), StringComparison.Ordinal);
        Assert.NotEmpty(YamlTree.Strings(root, "analysis_notes.measurement_challenges"));
    }

    [Fact]
    public async Task A_measured_value_the_template_does_not_allow_is_not_written_and_the_notes_say_so()
    {
        var free = await OfflineProviderFixture.AnalyseAsync(provider, "stasher_1.png");
        var type = Assert.IsType<OfflineMeasurements>(free.Metadata![AiMetadata.Measurements]).Transparency.Type;
        Assert.NotNull(type);
        string[] others = [.. new[] { "opaque", "translucent", "transparent" }.Where(t => t != type)];

        var reply = await OfflineProviderFixture.AnalyseAsync(provider, ("product-analysis@1.0", TemplateTexts.WithTransparencyEnum(others)), "stasher_1.png");
        var root = YamlTree.Load(reply.Content!);

        Assert.Null(YamlTree.Scalar(root, "materials.optical_properties.transparency.type"));
        Assert.Null(YamlTree.Scalar(root, "materials.optical_properties.transparency.percentage"));
        Assert.Null(YamlTree.Scalar(root, "materials.optical_properties.transparency.confidence"));
        Assert.Contains(
            YamlTree.Strings(root, "analysis_notes.measurement_challenges"),
            c => c.StartsWith("materials.optical_properties.transparency.type:", StringComparison.Ordinal) && c.Contains($"\"{type}\" is not one the template allows", StringComparison.Ordinal));

        // The same photo with the full enumeration does get its type: the refusal came from the rule.
        var allowed = YamlTree.Load((await OfflineProviderFixture.AnalyseAsync(provider, V10, "stasher_1.png")).Content!);
        Assert.Equal(type, YamlTree.Scalar(allowed, "materials.optical_properties.transparency.type"));
    }

    [Fact]
    public async Task Without_a_template_the_reply_is_the_measurements_as_yaml()
    {
        var reply = await OfflineProviderFixture.AnalyseAsync(provider, "stasher_1.png", "stasher_2.png");
        output.WriteLine(reply.Content);
        var measured = Assert.IsType<OfflineMeasurements>(reply.Metadata![AiMetadata.Measurements]);
        var root = YamlTree.Load(reply.Content!);

        Assert.False(root.Children.ContainsKey(new YamlScalarNode("metadata")), "no template was given, so none is invented");
        Assert.Equal("2026-03-14", YamlTree.Scalar(root, "analysis_date"));
        Assert.Equal("2", YamlTree.Scalar(root, "image_count"));

        var images = Assert.IsType<YamlSequenceNode>(root.Children[new YamlScalarNode("images")]).Children.Cast<YamlMappingNode>().ToList();
        Assert.Equal(measured.Photos.Count, images.Count);
        foreach (var (image, photo) in images.Zip(measured.Photos))
        {
            Assert.Equal(photo.Width.ToString(CultureInfo.InvariantCulture), YamlTree.Scalar(image, "width_px"));
            Assert.Equal(photo.Height.ToString(CultureInfo.InvariantCulture), YamlTree.Scalar(image, "height_px"));
            Assert.Equal(photo.Separation, YamlTree.Scalar(image, "separation"));
            Assert.Equal(photo.FillRatio, YamlTree.Number(image, "product_fill_ratio"), 3);
            var b = photo.ProductBox!;
            Assert.Equal([$"{b.X}", $"{b.Y}", $"{b.Width}", $"{b.Height}"], YamlTree.Strings(image, "product_box_px"));
            Assert.Equal(photo.ProductColors.Select(c => c.Hex), Assert.IsType<YamlSequenceNode>(YamlTree.At(image, "product_colors")).Children.Select(c => YamlTree.Scalar((YamlMappingNode)c, "hex")));
        }

        var palette = Assert.IsType<YamlSequenceNode>(root.Children[new YamlScalarNode("product_colors")]).Children.Cast<YamlMappingNode>().ToList();
        Assert.Equal(measured.ProductColors.Select(c => c.Hex), palette.Select(c => YamlTree.Scalar(c, "hex")));
        Assert.Equal(measured.ProductColors.Select(c => c.CoveragePercentage), palette.Select(c => YamlTree.Number(c, "coverage_percentage")));
        Assert.Equal(measured.Transparency.Type, YamlTree.Scalar(root, "transparency.type"));
        Assert.Contains("ruler", string.Join(" ", YamlTree.Strings(root, "notes.recommended_additional_images")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_photos_and_template_give_the_same_text()
    {
        var first = await OfflineProviderFixture.AnalyseAsync(provider, V10, "stasher_2.png");
        var second = await OfflineProviderFixture.AnalyseAsync(OfflineProviderFixture.Create(), V10, "stasher_2.png");

        Assert.Equal(first.Content, second.Content);
    }

    /// <summary>The template is input: refused before any photo is measured, as an invalid request naming why.</summary>
    [Theory]
    [InlineData("alias", "it uses an anchor (&a)")]
    [InlineData("anchor", "it uses an anchor (&m)")]
    [InlineData("deep", "it nests deeper than 24 levels")]
    [InlineData("large", "it is larger than 262144 bytes")]
    [InlineData("not yaml", "it is not valid YAML")]
    [InlineData("duplicate key", "Duplicate key")]
    [InlineData("not a mapping", "its document is not a mapping")]
    public async Task A_template_that_is_not_safe_to_read_is_refused(string kind, string reason)
    {
        var text = kind switch
        {
            "alias" => "a: &a [x, x, x, x, x, x, x, x, x]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n",
            "anchor" => "metadata: &m\n  image_count: null\n",
            "deep" => string.Concat(Enumerable.Range(0, 30).Select(i => new string(' ', i * 2) + $"k{i}:\n")) + new string(' ', 60) + "leaf: null\n",
            "large" => "metadata:\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"  field_{i:00000}: null\n")),
            "not yaml" => "metadata: [unclosed\n",
            "duplicate key" => "metadata:\n  image_count: null\n  image_count: null\n",
            _ => "- just\n- a list\n",
        };

        var error = await Assert.ThrowsAsync<AiProviderException>(() => OfflineProviderFixture.AnalyseAsync(provider, ("broken@1.0", text), "stasher_2.png"));

        output.WriteLine(error.Message);
        Assert.Equal(AiErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("The template broken@1.0 cannot be filled:", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The paths ADR 0027 lists as the ones the Offline provider fills.</summary>
    [GeneratedRegex(@"^(metadata\.(analysis_date|image_count|confidence_overall)|dimensions\.aspect_ratios\.width_to_height|dimensions\.scale_required|dimensions\.primary\.[a-z_]+\.measurement_basis|colors\.(primary|secondary|accent)\.(hex|rgb|name|coverage_percentage|confidence)|materials\.optical_properties\.transparency\.(type|percentage|confidence|basis)|analysis_notes\.[a-z_]+|uncertainty\.[a-z_]+)$")]
    private static partial Regex FillablePath();

    [GeneratedRegex(@"\d+(\.\d+)?\s*mm\b|value:\s*\d")]
    private static partial Regex MillimetreNumber();
}
