using SkiaSharp;

namespace ProductDescriber.Generation.Tests.Fidelity;

/// <summary>Rotates every pixel's HSV hue by a number of degrees, saturation and value kept: the "same picture in
/// the wrong colours" a model might make.</summary>
internal static class HueShift
{
    public static SKBitmap Rotate(SKBitmap source, double degrees)
    {
        var result = new SKBitmap(new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < source.Height; y++)
        {
            for (var x = 0; x < source.Width; x++)
            {
                var colour = source.GetPixel(x, y);
                colour.ToHsv(out var h, out var s, out var v);
                var shifted = SKColor.FromHsv((float)((h + degrees) % 360), s, v, colour.Alpha);
                result.SetPixel(x, y, shifted);
            }
        }

        return result;
    }

    /// <summary>The bitmap as a PNG, as a provider would send it.</summary>
    public static byte[] Png(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
