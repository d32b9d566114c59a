using ProductDescriber.Imaging.Containers;
using SkiaSharp;

namespace ProductDescriber.Imaging;

/// <summary>
/// Decides from the bytes alone whether a file is a real JPEG, PNG, WebP or GIF (never the client's name or content
/// type): magic bytes, the container's structure to its end (no data appended), the declared pixel count against
/// the limit before anything is decoded, then a full decode in bounded memory.
/// </summary>
public static class ImageInspector
{
    private static readonly ImageFormatInfo[] Formats =
    [
        new(ImageFormat.Png, "PNG", "image/png", ".png", SKEncodedImageFormat.Png, PngWalker.FindEnd),
        new(ImageFormat.Jpeg, "JPEG", "image/jpeg", ".jpg", SKEncodedImageFormat.Jpeg, JpegWalker.FindEnd),
        new(ImageFormat.WebP, "WebP", "image/webp", ".webp", SKEncodedImageFormat.Webp, WebPWalker.FindEnd),
        new(ImageFormat.Gif, "GIF", "image/gif", ".gif", SKEncodedImageFormat.Gif, GifWalker.FindEnd),
    ];

    /// <summary>GIF canvases above this are refused whatever the general limit (16 MP decode to 64 MB).</summary>
    public const long MaxGifPixels = 16_000_000;

    /// <param name="content">A readable, seekable stream positioned anywhere; it is read from the start.</param>
    /// <param name="maxPixels">Largest width x height accepted (as declared in the header).</param>
    public static ImageInspection Inspect(Stream content, long maxPixels)
    {
        var reader = new ByteReader(content);
        if (reader.Length == 0)
        {
            return ImageInspection.Reject(ImageRejection.Empty, "The file is empty.");
        }

        Span<byte> magic = stackalloc byte[(int)Math.Min(12, reader.Length)];
        var format = reader.TryRead(magic) ? Sniff(magic) : null;
        if (format is null)
        {
            return ImageInspection.Reject(ImageRejection.NotAnImage, "The file is not a JPEG, PNG, WebP or GIF image.");
        }

        reader.Seek(0);
        var end = format.FindEnd(reader);
        if (end is null)
        {
            return Corrupt(format);
        }

        if (end < reader.Length && !(format.Format == ImageFormat.Jpeg && JpegTrailer.IsAllowed(reader, end.Value)))
        {
            return ImageInspection.Reject(ImageRejection.TrailingData,
                $"The file continues after the end of its {format.Name} image ({reader.Length - end.Value} more bytes); files with data appended are not accepted.");
        }

        // Opened only after the walk: SkiaSharp reads the same stream, so the walk must not move it under the codec.
        using var codec = Decoding.Open(content);
        if (codec is null || codec.EncodedFormat != format.Codec)
        {
            return Corrupt(format);
        }

        var declared = codec.Info.Size;
        if (format.Format == ImageFormat.Gif)
        {
            // Skia decodes a GIF frame only whole (4 bytes a pixel, no row-by-row or scaled mode): a tighter cap
            // keeps a small GIF declaring a huge canvas from costing hundreds of megabytes.
            maxPixels = Math.Min(maxPixels, MaxGifPixels);
        }

        if ((long)declared.Width * declared.Height > maxPixels)
        {
            return ImageInspection.Reject(ImageRejection.TooManyPixels,
                $"The image is {declared.Width} x {declared.Height} pixels; at most {Megapixels(maxPixels)} megapixels are accepted.");
        }

        if (!Decoding.DecodesFully(codec, content))
        {
            return Corrupt(format);
        }

        var swap = Orientation.SwapsAxes(codec.EncodedOrigin);
        return ImageInspection.Accept(new ImageFacts(format.Format, format.MimeType, format.Extension,
            swap ? declared.Height : declared.Width, swap ? declared.Width : declared.Height));
    }

    private static ImageFormatInfo? Sniff(ReadOnlySpan<byte> magic)
    {
        if (magic.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Formats[0];
        }

        if (magic.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Formats[1];
        }

        if (magic.Length == 12 && magic.StartsWith("RIFF"u8) && magic[8..].SequenceEqual("WEBP"u8))
        {
            return Formats[2];
        }

        return magic.StartsWith("GIF87a"u8) || magic.StartsWith("GIF89a"u8) ? Formats[3] : null;
    }

    private static ImageInspection Corrupt(ImageFormatInfo format) =>
        ImageInspection.Reject(ImageRejection.Corrupt, $"The file is truncated or corrupt ({format.Name}).");

    private static string Megapixels(long pixels) =>
        (pixels / 1_000_000.0).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record ImageFormatInfo(
        ImageFormat Format, string Name, string MimeType, string Extension, SKEncodedImageFormat Codec, Func<ByteReader, long?> FindEnd);
}
