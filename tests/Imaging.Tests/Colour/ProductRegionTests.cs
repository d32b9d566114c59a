using ProductDescriber.Imaging.Colour;
using SkiaSharp;

namespace ProductDescriber.Imaging.Tests.Colour;

/// <summary>The product region the fidelity score measures: found on a plain backdrop, refused when there is none.</summary>
public sealed class ProductRegionTests
{
    [Fact]
    public void A_red_box_on_white_is_found_with_its_proportions_and_colour()
    {
        using var bitmap = Draw(400, 300, SKColors.White, new SKRect(100, 60, 300, 240), new SKColor(200, 30, 40));

        var region = ProductRegion.Find(LabPixels.Read(bitmap), hasAlpha: false, CancellationToken.None, out var reason);

        Assert.Null(reason);
        Assert.NotNull(region);
        Assert.Equal("border-model", region.Method);
        Assert.InRange(region.AspectRatio, 200.0 / 180 * 0.97, 200.0 / 180 * 1.03);
        Assert.True(Ciede2000.Difference(region.Colours[0].Centre, Lab.FromRgb(200, 30, 40)) < 1, region.Colours[0].Centre.ToHex());
    }

    [Fact]
    public void A_picture_of_one_flat_colour_has_no_region_and_says_why()
    {
        using var bitmap = Draw(200, 200, new SKColor(120, 140, 160), null, SKColors.Empty);

        var region = ProductRegion.Find(LabPixels.Read(bitmap), hasAlpha: false, CancellationToken.None, out var reason);

        Assert.Null(region);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    private static SKBitmap Draw(int width, int height, SKColor backdrop, SKRect? box, SKColor colour)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(backdrop);
        if (box is { } rect)
        {
            using var paint = new SKPaint { Color = colour };
            canvas.DrawRect(rect, paint);
        }

        return bitmap;
    }
}
