using ProductDescriber.Generation.Fidelity;
using ProductDescriber.Specs.Contracts;
using SkiaSharp;

namespace ProductDescriber.Generation.Tests.Fidelity;

/// <summary>The measurement itself: what it reads from a specification, the proportions figure, and "not measured"
/// instead of a made-up score when there is nothing to measure.</summary>
public sealed class FidelityMeterTests
{
    private const double Threshold = 10;

    [Fact]
    public void A_red_product_against_a_red_specification_is_faithful_and_its_proportions_are_compared()
    {
        var png = Picture(new SKColor(200, 30, 40), new SKRect(100, 60, 300, 240));
        var targets = new FidelityTargets([new FidelityTarget("primary", "#C81E28")], AspectRatio: 1.0);

        var fidelity = FidelityMeter.Measure(png, targets, Threshold, CancellationToken.None);

        Assert.Null(fidelity.Reason);
        Assert.Equal(false, fidelity.Flagged);
        Assert.InRange(fidelity.DeltaE!.Value, 0, 1);
        Assert.InRange(fidelity.Score!.Value, 96, 100);
        var colour = Assert.Single(fidelity.Colours);
        Assert.Equal(("primary", "#C81E28"), (colour.Role, colour.Target));

        // The box is 200 x 180 against a specified 1 : 1.
        Assert.InRange(fidelity.AspectError!.Value, 0.09, 0.13);
    }

    [Fact]
    public void The_same_product_against_a_blue_specification_is_flagged_with_a_low_score()
    {
        var png = Picture(new SKColor(200, 30, 40), new SKRect(100, 60, 300, 240));

        var fidelity = FidelityMeter.Measure(png, new FidelityTargets([new FidelityTarget("primary", "#2040C0")], null), Threshold, CancellationToken.None);

        Assert.Equal(true, fidelity.Flagged);
        Assert.True(fidelity.DeltaE > 40, $"deltaE {fidelity.DeltaE}");
        Assert.Equal(0, fidelity.Score);
        Assert.Null(fidelity.AspectError);
    }

    [Fact]
    public void A_specification_without_colours_is_not_measured()
    {
        var targets = FidelityTargets.From(Specification(colours: null));

        var fidelity = FidelityMeter.Measure(Picture(SKColors.Red, new SKRect(100, 60, 300, 240)), targets, Threshold, CancellationToken.None);

        Assert.Empty(targets.Colours);
        Assert.Equal((null, null, null), (fidelity.Score, fidelity.DeltaE, fidelity.Flagged));
        Assert.Equal("The specification names no colour to compare with.", fidelity.Reason);
    }

    [Fact]
    public void A_picture_with_no_product_region_is_not_measured()
    {
        var targets = new FidelityTargets([new FidelityTarget("primary", "#778899")], null);

        var fidelity = FidelityMeter.Measure(Picture(new SKColor(0x77, 0x88, 0x99), box: null), targets, Threshold, CancellationToken.None);

        Assert.Equal((null, null, null), (fidelity.Score, fidelity.DeltaE, fidelity.Flagged));
        Assert.Empty(fidelity.Colours);
        Assert.False(string.IsNullOrWhiteSpace(fidelity.Reason));
    }

    [Fact]
    public void Bytes_that_are_no_picture_are_not_measured()
    {
        var fidelity = FidelityMeter.Measure([1, 2, 3, 4], new FidelityTargets([new FidelityTarget("primary", "#778899")], null), Threshold, CancellationToken.None);

        Assert.Equal("The picture could not be decoded.", fidelity.Reason);
        Assert.Null(fidelity.Score);
    }

    [Fact]
    public void Targets_keep_valid_hex_colours_in_role_order_and_the_proportions_of_the_measured_dimensions()
    {
        var specification = Specification(
            new PrimaryColors(new ColorSwatch("#DDDFE5", "light grey", 80), new ColorSwatch("not a colour", null, null), new ColorSwatch("#cb6f62", "salmon", 5)),
            new PrimaryDimensions(270, 180, 20, "mm"));

        var targets = FidelityTargets.From(specification);

        Assert.Equal([("primary", "#DDDFE5"), ("accent", "#CB6F62")], targets.Colours.Select(c => (c.Role, c.Hex)));
        Assert.Equal(1.5, targets.AspectRatio);
    }

    private static SpecificationInfo Specification(PrimaryColors? colours, PrimaryDimensions? dimensions = null) => new(
        1, 1, 1, true, "metadata: {}", "product-analysis", "1.0",
        new DerivedFields(dimensions, colours, null, null, new Dictionary<string, double>()),
        new Dictionary<string, string?>(),
        DateTimeOffset.UnixEpoch);

    private static byte[] Picture(SKColor colour, SKRect? box)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(400, 300, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(box is null ? colour : SKColors.White);
            if (box is { } rect)
            {
                using var paint = new SKPaint { Color = colour };
                canvas.DrawRect(rect, paint);
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
