using SkiaSharp;

namespace ProductDescriber.Imaging;

/// <summary>
/// An encoded image opened for reading: what its header says (format, displayed size, alpha) without decoding a
/// pixel, so a caller can apply its own limits first, then its first frame decoded upright at the size it needs.
/// Reads the caller's stream, which must stay open and seekable, and never disposes it.
/// </summary>
/// <remarks>This does not check the file as <see cref="ImageInspector"/> does (structure to its end, every byte
/// decoded): use it on images already accepted, or where a partial decode is an error the caller reports.</remarks>
public sealed class EncodedImage : IDisposable
{
    private readonly SKCodec _codec;

    private EncodedImage(SKCodec codec, ImageFormat format)
    {
        _codec = codec;
        Format = format;
        var size = codec.Info.Size;
        (Width, Height) = Orientation.SwapsAxes(codec.EncodedOrigin) ? (size.Height, size.Width) : (size.Width, size.Height);
    }

    public ImageFormat Format { get; }

    /// <summary>Width as displayed, i.e. after the EXIF orientation is applied.</summary>
    public int Width { get; }

    /// <summary>Height as displayed, i.e. after the EXIF orientation is applied.</summary>
    public int Height { get; }

    /// <summary>Whether the header allows transparent pixels (it does not say that any are).</summary>
    public bool HasAlpha => _codec.Info.AlphaType != SKAlphaType.Opaque;

    /// <summary>Reads the header of a JPEG, PNG, WebP or GIF; null for anything else.</summary>
    /// <param name="content">A readable, seekable stream positioned anywhere; it is read from the start.</param>
    public static EncodedImage? Open(Stream content)
    {
        var codec = Decoding.Open(content);
        ImageFormat? format = codec?.EncodedFormat switch
        {
            SKEncodedImageFormat.Jpeg => ImageFormat.Jpeg,
            SKEncodedImageFormat.Png => ImageFormat.Png,
            SKEncodedImageFormat.Webp => ImageFormat.WebP,
            SKEncodedImageFormat.Gif => ImageFormat.Gif,
            _ => null,
        };
        if (format is null)
        {
            codec?.Dispose();
            return null;
        }

        return new EncodedImage(codec!, format.Value);
    }

    /// <summary>The first frame upright (EXIF orientation applied), scaled so its longer edge is at most
    /// <paramref name="maxEdge"/> (never up), as premultiplied RGBA. Decodes no more pixels than that needs.</summary>
    /// <exception cref="InvalidDataException">The image does not decode completely.</exception>
    public SKBitmap DecodeUpright(int maxEdge) => DecodeUpright(maxEdge, SKColors.Transparent);

    /// <param name="background">What transparent areas show: a format without alpha needs an opaque colour.</param>
    internal SKBitmap DecodeUpright(int maxEdge, SKColor background)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEdge, 1);
        var size = _codec.Info.Size;
        var scale = Math.Min(1.0, (double)maxEdge / Math.Max(size.Width, size.Height));
        var target = new SKSizeI(
            Math.Max(1, (int)Math.Round(size.Width * scale)), Math.Max(1, (int)Math.Round(size.Height * scale)));
        using var decoded = Decoding.AtLeast(_codec, target, scale)
            ?? throw new InvalidDataException("The image does not decode completely.");

        var origin = _codec.EncodedOrigin;
        var upright = Orientation.SwapsAxes(origin) ? new SKSizeI(target.Height, target.Width) : target;
        var result = new SKBitmap(new SKImageInfo(upright.Width, upright.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(result))
        using (var image = SKImage.FromBitmap(decoded))
        {
            canvas.Clear(background);
            canvas.SetMatrix(Orientation.Upright(origin, target.Width, target.Height));
            canvas.DrawImage(image, SKRect.Create(target.Width, target.Height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }

        return result;
    }

    public void Dispose() => _codec.Dispose();
}
