using SkiaSharp;

namespace ProductDescriber.Imaging.Colour;

/// <summary>An RGBA bitmap's pixels in Lab, with their alpha: what the segmenter and the palette work on.</summary>
public sealed record LabPixels(Lab[] Lab, byte[] Alpha, int Width, int Height)
{
    /// <summary>Reads a premultiplied RGBA 8888 bitmap (as <see cref="EncodedImage.DecodeUpright(int)"/> makes);
    /// colours are unpremultiplied first, so a half-transparent edge keeps its hue.</summary>
    public static LabPixels Read(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        if (bitmap.ColorType != SKColorType.Rgba8888)
        {
            throw new ArgumentException($"Expected an RGBA 8888 bitmap, got {bitmap.ColorType}.", nameof(bitmap));
        }

        var (w, h) = (bitmap.Width, bitmap.Height);
        var n = w * h;
        var lab = new Lab[n];
        var alpha = new byte[n];
        var pixels = bitmap.GetPixelSpan();
        var rowBytes = bitmap.RowBytes;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var p = (y * rowBytes) + (x * 4);
                var i = (y * w) + x;
                var a = pixels[p + 3];
                alpha[i] = a;
                lab[i] = a == 0
                    ? new Lab(0, 0, 0)
                    : Colour.Lab.FromRgb(Unpremultiply(pixels[p], a), Unpremultiply(pixels[p + 1], a), Unpremultiply(pixels[p + 2], a));
            }
        }

        return new LabPixels(lab, alpha, w, h);
    }

    private static byte Unpremultiply(byte value, byte alpha) =>
        alpha == 255 ? value : (byte)Math.Min(255, ((value * 255) + (alpha / 2)) / alpha);
}
