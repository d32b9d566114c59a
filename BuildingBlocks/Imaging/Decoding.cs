using ProductDescriber.Imaging.Containers;
using SkiaSharp;

namespace ProductDescriber.Imaging;

/// <summary>Decodes in bounded memory: row by row where the codec supports scanlines, otherwise at a reduced scale
/// where it supports scaling, by inflating the data without pixels (interlaced PNG), otherwise (GIF) the first frame
/// at full size.</summary>
internal static class Decoding
{
    /// <summary>Pixels decoded at most when a codec can scale (WebP): enough to read every byte, little memory.</summary>
    private const double MaxScaledPixels = 1_000_000;

    public static SKCodec? Open(Stream content)
    {
        content.Position = 0;
        return SKCodec.Create(new SKManagedStream(content, disposeManagedStream: false));
    }

    /// <summary>Whether every pixel of the image (first frame) decodes without error or missing data.</summary>
    public static bool DecodesFully(SKCodec codec, Stream content) => codec.EncodedFormat switch
    {
        SKEncodedImageFormat.Png => ScanlinesDecode(codec) ?? PngDataCheck.IsComplete(content),
        SKEncodedImageFormat.Jpeg => ScanlinesDecode(codec) ?? WholeDecodes(codec),
        SKEncodedImageFormat.Webp => ScaledDecodes(codec),
        _ => WholeDecodes(codec),
    };

    /// <summary>The whole first frame as premultiplied RGBA, or null when it does not decode completely.</summary>
    public static SKBitmap? Whole(SKCodec codec, SKSizeI size)
    {
        var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (codec.GetPixels(bitmap.Info, bitmap.GetPixels()) == SKCodecResult.Success)
        {
            return bitmap;
        }

        bitmap.Dispose();
        return null;
    }

    /// <summary>Decodes to a size at least <paramref name="target"/> but no bigger than needed: the codec's own
    /// scaling (JPEG DCT scaling, WebP) or a box average while reading rows (PNG); GIF decodes at full size.
    /// Null when the image does not decode completely.</summary>
    public static SKBitmap? AtLeast(SKCodec codec, SKSizeI target, double scale)
    {
        var full = codec.Info.Size;
        switch (codec.EncodedFormat)
        {
            case SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp:
                var scaled = codec.GetScaledDimensions((float)scale);
                return Whole(codec, scaled.Width >= target.Width && scaled.Height >= target.Height ? scaled : full);
            case SKEncodedImageFormat.Png:
                // Keep about twice the target so the final resize still has detail to filter.
                var factor = Math.Min(full.Width / target.Width, full.Height / target.Height) / 2;
                return factor >= 2
                    ? BoxDownsampler.Decode(codec, factor) ?? Whole(codec, full)
                    : Whole(codec, full);
            default:
                return Whole(codec, full);
        }
    }

    private static bool? ScanlinesDecode(SKCodec codec)
    {
        // The codec is given the whole image's info; only the buffer it writes into is one row.
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var rowInfo = info.WithSize(info.Width, 1);
        var started = codec.StartScanlineDecode(info);
        if (started == SKCodecResult.Unimplemented)
        {
            return null;
        }

        if (started != SKCodecResult.Success)
        {
            return false;
        }

        using var row = new SKBitmap(rowInfo);
        var pixels = row.GetPixels();
        for (var y = 0; y < codec.Info.Height; y++)
        {
            if (codec.GetScanlines(pixels, 1, rowInfo.RowBytes) != 1)
            {
                return false;
            }
        }

        return true;
    }

    private static bool ScaledDecodes(SKCodec codec)
    {
        var pixels = (double)codec.Info.Width * codec.Info.Height;
        var scale = (float)Math.Min(1.0, Math.Sqrt(MaxScaledPixels / pixels));
        using var bitmap = Whole(codec, codec.GetScaledDimensions(scale));
        return bitmap is not null;
    }

    private static bool WholeDecodes(SKCodec codec)
    {
        using var bitmap = Whole(codec, codec.Info.Size);
        return bitmap is not null;
    }
}
