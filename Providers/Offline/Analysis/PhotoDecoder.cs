using ProductDescriber.Providers.Abstractions;
using SkiaSharp;

namespace ProductDescriber.Providers.Offline.Analysis;

/// <summary>A decoded photo, upright, possibly scaled down; <see cref="Width"/>/<see cref="Height"/> are the upright
/// size of the original.</summary>
internal sealed class DecodedPhoto(SKBitmap bitmap, int width, int height, bool hasAlpha, string format) : IDisposable
{
    public SKBitmap Bitmap { get; } = bitmap;

    public int Width { get; } = width;

    public int Height { get; } = height;

    public bool HasAlpha { get; } = hasAlpha;

    public string Format { get; } = format;

    public void Dispose() => Bitmap.Dispose();
}

/// <summary>Decodes PNG, JPEG or WebP bytes, applies the EXIF orientation and scales down to a longest edge.</summary>
internal static class PhotoDecoder
{
    /// <summary>Header size checked before any pixel is allocated.</summary>
    public const long MaxPixels = 64L * 1024 * 1024;

    public static DecodedPhoto Decode(ReadOnlyMemory<byte> bytes, int maxEdge, string what)
    {
        using var data = SKData.CreateCopy(bytes.Span);
        using var codec = SKCodec.Create(data)
            ?? throw Invalid($"{what} is not an image the offline provider can read (PNG, JPEG or WebP).");
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp))
        {
            throw Invalid($"{what} is {codec.EncodedFormat}; the offline provider reads PNG, JPEG and WebP.");
        }

        var full = codec.Info.Size;
        if ((long)full.Width * full.Height > MaxPixels)
        {
            throw Invalid($"{what} is {full.Width}x{full.Height} pixels, more than the offline provider decodes.");
        }

        var scale = Math.Min(1.0, (double)maxEdge / Math.Max(full.Width, full.Height));
        var target = new SKSizeI(
            Math.Max(1, (int)Math.Round(full.Width * scale)), Math.Max(1, (int)Math.Round(full.Height * scale)));

        // JPEG and WebP can decode smaller directly; never below the target, so the final resize still filters.
        var decodeSize = full;
        if (codec.EncodedFormat != SKEncodedImageFormat.Png)
        {
            var scaled = codec.GetScaledDimensions((float)scale);
            decodeSize = scaled.Width >= target.Width && scaled.Height >= target.Height ? scaled : full;
        }

        using var decoded = new SKBitmap(new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw Invalid($"{what} does not decode completely ({result}).");
        }

        var origin = codec.EncodedOrigin;
        var swaps = origin >= SKEncodedOrigin.LeftTop;
        var upright = swaps ? new SKSizeI(target.Height, target.Width) : target;
        var bitmap = new SKBitmap(new SKImageInfo(upright.Width, upright.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        using (var image = SKImage.FromBitmap(decoded))
        {
            canvas.Clear(SKColors.Transparent);
            canvas.SetMatrix(Orient(origin, target.Width, target.Height));
            canvas.DrawImage(image, SKRect.Create(target.Width, target.Height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }

        var size = swaps ? new SKSizeI(full.Height, full.Width) : full;
        return new DecodedPhoto(bitmap, size.Width, size.Height, codec.Info.AlphaType != SKAlphaType.Opaque, codec.EncodedFormat.ToString().ToLowerInvariant());
    }

    /// <summary>Maps a w x h image as stored onto its upright canvas.</summary>
    private static SKMatrix Orient(SKEncodedOrigin origin, float w, float h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    private static AiProviderException Invalid(string message) =>
        new(OfflineProvider.ProviderName, AiErrorKind.InvalidRequest, message);
}
