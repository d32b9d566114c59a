using SkiaSharp;

namespace ProductDescriber.Catalog.Images;

internal enum ThumbnailFormat
{
    WebP,
    Jpeg,
}

/// <summary>Scales an accepted image down so its longer edge is at most a given size, upright (EXIF orientation applied).</summary>
internal static class ThumbnailRenderer
{
    private const int WebPQuality = 80;
    private const int JpegQuality = 85;

    /// <summary>Writes the encoded thumbnail to <paramref name="destination"/>. Never scales up.</summary>
    /// <exception cref="InvalidDataException">The source is not an image SkiaSharp can decode completely.</exception>
    public static void Render(Stream source, int maxEdge, ThumbnailFormat format, Stream destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEdge, 1);
        using var codec = Decoding.Open(source) ?? throw new InvalidDataException("The source is not a decodable image.");
        var size = codec.Info.Size;
        var scale = Math.Min(1.0, (double)maxEdge / Math.Max(size.Width, size.Height));
        var target = new SKSizeI(
            Math.Max(1, (int)Math.Round(size.Width * scale)), Math.Max(1, (int)Math.Round(size.Height * scale)));
        using var decoded = DecodeAtLeast(codec, target, scale)
            ?? throw new InvalidDataException("The source image does not decode completely.");

        var origin = codec.EncodedOrigin;
        var upright = Orientation.SwapsAxes(origin) ? new SKSizeI(target.Height, target.Width) : target;
        using var thumbnail = new SKBitmap(new SKImageInfo(upright.Width, upright.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(thumbnail))
        using (var image = SKImage.FromBitmap(decoded))
        {
            // JPEG has no alpha: transparent areas become white rather than black.
            canvas.Clear(format == ThumbnailFormat.Jpeg ? SKColors.White : SKColors.Transparent);
            canvas.SetMatrix(Orientation.Upright(origin, target.Width, target.Height));
            canvas.DrawImage(image, SKRect.Create(target.Width, target.Height),
                new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }

        using var pixmap = thumbnail.PeekPixels();
        var encoded = format == ThumbnailFormat.WebP
            ? pixmap.Encode(destination, new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, WebPQuality))
            : pixmap.Encode(destination, new SKJpegEncoderOptions(JpegQuality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore));
        if (!encoded)
        {
            throw new InvalidOperationException($"SkiaSharp could not encode the {format} thumbnail.");
        }
    }

    /// <summary>Decodes to a size at least <paramref name="target"/> but no bigger than needed: the codec's own
    /// scaling (JPEG DCT scaling, WebP) or a box average while reading rows (PNG); GIF decodes at full size.</summary>
    private static SKBitmap? DecodeAtLeast(SKCodec codec, SKSizeI target, double scale)
    {
        var full = codec.Info.Size;
        switch (codec.EncodedFormat)
        {
            case SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp:
                var scaled = codec.GetScaledDimensions((float)scale);
                return Decoding.Whole(codec, scaled.Width >= target.Width && scaled.Height >= target.Height ? scaled : full);
            case SKEncodedImageFormat.Png:
                // Keep about twice the target so the final resize still has detail to filter.
                var factor = Math.Min(full.Width / target.Width, full.Height / target.Height) / 2;
                return factor >= 2
                    ? BoxDownsampler.Decode(codec, factor) ?? Decoding.Whole(codec, full)
                    : Decoding.Whole(codec, full);
            default:
                return Decoding.Whole(codec, full);
        }
    }
}
