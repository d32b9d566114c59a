using SkiaSharp;

namespace ProductDescriber.Imaging;

public enum ThumbnailFormat
{
    WebP,
    Jpeg,
}

/// <summary>Scales an accepted image down so its longer edge is at most a given size, upright (EXIF orientation applied).</summary>
public static class ThumbnailRenderer
{
    private const int WebPQuality = 80;
    private const int JpegQuality = 85;

    /// <summary>Writes the encoded thumbnail to <paramref name="destination"/>. Never scales up.</summary>
    /// <exception cref="InvalidDataException">The source is not an image SkiaSharp can decode completely.</exception>
    public static void Render(Stream source, int maxEdge, ThumbnailFormat format, Stream destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEdge, 1);
        using var image = EncodedImage.Open(source) ?? throw new InvalidDataException("The source is not a decodable image.");

        // JPEG has no alpha: transparent areas become white rather than black.
        using var thumbnail = image.DecodeUpright(maxEdge, format == ThumbnailFormat.Jpeg ? SKColors.White : SKColors.Transparent);
        using var pixmap = thumbnail.PeekPixels();
        var encoded = format == ThumbnailFormat.WebP
            ? pixmap.Encode(destination, new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, WebPQuality))
            : pixmap.Encode(destination, new SKJpegEncoderOptions(JpegQuality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore));
        if (!encoded)
        {
            throw new InvalidOperationException($"SkiaSharp could not encode the {format} thumbnail.");
        }
    }

    /// <summary>The content type of a thumbnail written in <paramref name="format"/>.</summary>
    public static string MimeType(ThumbnailFormat format) => format == ThumbnailFormat.Jpeg ? "image/jpeg" : "image/webp";
}
