using System.Text.RegularExpressions;
using Microsoft.SemanticKernel;
using ProductDescriber.Providers.Abstractions;
using SkiaSharp;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace ProductDescriber.Providers.Offline.Tests;

public sealed partial class OfflineVisionTests(ITestOutputHelper output)
{
    private readonly IAiProvider provider = OfflineProviderFixture.Create();

    /// <summary>
    /// How the check works: the backdrop is measured here, independently, as the median Lab colour of a 40x40 patch
    /// in each corner of the full-size photo (stasher_1: the blue wall at the top, about Lab 66/0/-14, and the paler
    /// blue table edge at the bottom; stasher_2: white all round). Every colour the provider reports for the product,
    /// in the YAML and in the typed measurements, must be at least 10 Lab units (CIE76) from every corner colour:
    /// a difference plainly visible side by side. A provider that let the backdrop into its palette (the naive
    /// "dominant colour of the photo") reports the backdrop colour itself, within 2-3 units.
    /// </summary>
    [Theory]
    [InlineData("stasher_1.png")]
    [InlineData("stasher_2.png")]
    public async Task Product_colours_come_from_the_product_not_the_backdrop(string photo)
    {
        var backdrop = CornerColours(photo);
        var reply = await OfflineProviderFixture.AnalyseAsync(provider, photo);
        var measured = Assert.IsType<OfflineMeasurements>(reply.Metadata![AiMetadata.Measurements]);
        var reported = HexValues(reply.Content!).Concat(measured.ProductColors.Select(c => c.Hex)).Distinct().ToList();

        Assert.NotEmpty(measured.ProductColors);

        // The check can fail: the backdrop the provider itself modelled is within the distance of a corner.
        Assert.Contains(measured.Photos[0].BackdropColors, b => backdrop.Min(c => c.DistanceTo(LabColor.FromHex(b.Hex))) < 10);
        foreach (var hex in reported)
        {
            var nearest = backdrop.Min(b => b.DistanceTo(LabColor.FromHex(hex)));
            output.WriteLine($"{photo}: {hex} is {nearest:0.0} from the nearest backdrop corner");
            Assert.True(nearest >= 10, $"{photo}: reported product colour {hex} is only {nearest:0.0} Lab units from the backdrop");
        }
    }

    [Theory]
    [InlineData("stasher_1.png", 1192, 1044)]
    [InlineData("stasher_2.png", 1214, 856)]
    public async Task Pixel_sizes_are_the_photos_own(string photo, int width, int height)
    {
        var reply = await OfflineProviderFixture.AnalyseAsync(provider, photo);
        var measured = Assert.IsType<OfflineMeasurements>(reply.Metadata![AiMetadata.Measurements]);

        var single = Assert.Single(measured.Photos);
        Assert.Equal((width, height), (single.Width, single.Height));
        Assert.Contains($"width_px: {width}", reply.Content, StringComparison.Ordinal);
        Assert.Contains($"height_px: {height}", reply.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_photos_give_the_same_text()
    {
        var first = await OfflineProviderFixture.AnalyseAsync(provider, "stasher_1.png", "stasher_2.png");
        var second = await OfflineProviderFixture.AnalyseAsync(OfflineProviderFixture.Create(), "stasher_1.png", "stasher_2.png");

        Assert.Equal(first.Content, second.Content);
    }

    [Fact]
    public async Task The_reply_is_template_yaml_with_hex_colours_and_no_invented_millimetres()
    {
        var reply = await OfflineProviderFixture.AnalyseAsync(provider, ("product-analysis@1.0", TemplateTexts.ProductAnalysis10), "stasher_2.png", "stasher_1.png");
        output.WriteLine(reply.Content);

        var yaml = new YamlStream();
        yaml.Load(new StringReader(reply.Content!));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        foreach (var section in new[] { "metadata", "dimensions", "geometry", "colors", "materials", "labels", "deformation", "keypoints", "analysis_notes", "uncertainty" })
        {
            Assert.True(root.Children.ContainsKey(section), $"section {section} is missing");
        }

        var hexes = HexValues(reply.Content!);
        Assert.NotEmpty(hexes);
        Assert.All(hexes, hex => Assert.Matches("^#[0-9A-F]{6}$", hex));
        Assert.Matches("^#[0-9A-F]{6}$", Scalar(root, "colors", "primary", "hex"));

        foreach (var axis in new[] { "width", "height", "depth" })
        {
            Assert.Equal("null", Scalar(root, "dimensions", "primary", axis, "value"));
            Assert.Equal("mm", Scalar(root, "dimensions", "primary", axis, "unit"));
        }

        Assert.Contains("pixels only", Scalar(root, "dimensions", "primary", "width", "measurement_basis"), StringComparison.Ordinal);
        Assert.DoesNotMatch(MillimetreNumber(), reply.Content!);
        Assert.Equal("null", Scalar(root, "labels", "primary_label", "content", "text"));
        Assert.Equal("2", Scalar(root, "metadata", "image_count"));
        Assert.Equal("2026-03-14", Scalar(root, "metadata", "analysis_date"));
    }

    [Fact]
    public async Task Usage_names_the_offline_model_without_tokens()
    {
        var reply = await OfflineProviderFixture.AnalyseAsync(provider, "stasher_2.png");

        var usage = Assert.IsType<AiUsage>(reply.Metadata![AiMetadata.Usage]);
        Assert.Equal(("offline", "offline-measure-1", (int?)null, (int?)null), (usage.Provider, usage.Model, usage.InputTokens, usage.OutputTokens));
        Assert.True(usage.Duration > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_message_without_images_is_an_invalid_request()
    {
        var history = new Microsoft.SemanticKernel.ChatCompletion.ChatHistory();
        history.AddUserMessage("Describe the product.");

        var error = await Assert.ThrowsAsync<AiProviderException>(() => provider.Vision!.GetChatMessageContentsAsync(history));
        Assert.Equal((AiErrorKind.InvalidRequest, "offline"), (error.Kind, error.Provider));
    }

    [Fact]
    public async Task A_cancelled_analysis_stops()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => provider.Vision!.GetChatMessageContentsAsync(OfflineProviderFixture.Chat("stasher_1.png"), cancellationToken: cancelled.Token));
    }

    private static List<LabColor> CornerColours(string photo)
    {
        using var bitmap = SKBitmap.Decode(OfflineProviderFixture.Photo(photo));
        const int patch = 40;
        var (w, h) = (bitmap.Width, bitmap.Height);
        return
        [
            LabColor.Median(bitmap, new SKRectI(0, 0, patch, patch)),
            LabColor.Median(bitmap, new SKRectI(w - patch, 0, w, patch)),
            LabColor.Median(bitmap, new SKRectI(0, h - patch, patch, h)),
            LabColor.Median(bitmap, new SKRectI(w - patch, h - patch, w, h)),
        ];
    }

    private static List<string> HexValues(string yaml) => [.. HexLine().Matches(yaml).Select(m => m.Groups[1].Value)];

    private static string Scalar(YamlMappingNode root, params string[] path)
    {
        YamlNode node = root;
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }

        var scalar = (YamlScalarNode)node;
        return scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value == "null" ? "null" : scalar.Value!;
    }

    [GeneratedRegex("hex: \"(#[^\"]*)\"")]
    private static partial Regex HexLine();

    /// <summary>A number followed by a millimetre unit, e.g. "215.9 mm" or "value: 35" next to mm: none may appear.</summary>
    [GeneratedRegex(@"\d+(\.\d+)?\s*mm\b|value:\s*\d")]
    private static partial Regex MillimetreNumber();
}
