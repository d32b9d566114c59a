using ProductDescriber.Imaging;
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

/// <summary>Decodes PNG, JPEG or WebP bytes upright (EXIF orientation applied) and scaled down to a longest edge,
/// through the shared imaging library; what it accepts and how it says no are the provider's.</summary>
internal static class PhotoDecoder
{
    /// <summary>Header size checked before any pixel is allocated.</summary>
    public const long MaxPixels = 64L * 1024 * 1024;

    public static DecodedPhoto Decode(ReadOnlyMemory<byte> bytes, int maxEdge, string what)
    {
        using var content = new MemoryStream(bytes.ToArray(), writable: false);
        using var image = EncodedImage.Open(content)
            ?? throw Invalid($"{what} is not an image the offline provider can read (PNG, JPEG or WebP).");
        if (image.Format is not (ImageFormat.Png or ImageFormat.Jpeg or ImageFormat.WebP))
        {
            throw Invalid($"{what} is {image.Format}; the offline provider reads PNG, JPEG and WebP.");
        }

        if ((long)image.Width * image.Height > MaxPixels)
        {
            throw Invalid($"{what} is {image.Width}x{image.Height} pixels, more than the offline provider decodes.");
        }

        SKBitmap bitmap;
        try
        {
            bitmap = image.DecodeUpright(maxEdge);
        }
        catch (InvalidDataException)
        {
            throw Invalid($"{what} does not decode completely.");
        }

        return new DecodedPhoto(bitmap, image.Width, image.Height, image.HasAlpha, image.Format.ToString().ToLowerInvariant());
    }

    private static AiProviderException Invalid(string message) =>
        new(OfflineProvider.ProviderName, AiErrorKind.InvalidRequest, message);
}
