using ProductDescriber.Providers.Offline.Analysis;
using SkiaSharp;

namespace ProductDescriber.Providers.Offline.Generation;

/// <summary>The product ready to place: cut out along its (feathered) mask when the separation is trusted, else the
/// whole photo.</summary>
internal sealed class ProductCutout : IDisposable
{
    /// <summary>Below this the mask is not trusted to cut along (e.g. hands holding the product, cropped frame).</summary>
    private const double TrustedMask = 0.5;

    private ProductCutout(SKImage image, bool isCutOut, PhotoAnalysis analysis)
    {
        Image = image;
        IsCutOut = isCutOut;
        Analysis = analysis;
    }

    public SKImage Image { get; }

    public bool IsCutOut { get; }

    public PhotoAnalysis Analysis { get; }

    public static ProductCutout Prepare(ReadOnlyMemory<byte> bytes, int maxEdge, CancellationToken cancellationToken)
    {
        PhotoAnalysis analysis;
        using (var small = PhotoDecoder.Decode(bytes, PhotoAnalyzer.WorkingEdge, "The primary reference image"))
        {
            analysis = PhotoAnalyzer.Analyze(small, 0, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var photo = PhotoDecoder.Decode(bytes, maxEdge, "The primary reference image");
        var measurement = analysis.Measurement;
        if (measurement.Separation == "none" || measurement.MaskConfidence < TrustedMask || measurement.ProductBox is null)
        {
            return new ProductCutout(SKImage.FromBitmap(photo.Bitmap.Copy()), false, analysis);
        }

        var (full, box) = (photo.Bitmap, measurement.ProductBox);
        var (sx, sy) = ((float)full.Width / measurement.Width, (float)full.Height / measurement.Height);
        var crop = SKRectI.Round(new SKRect(box.X * sx, box.Y * sy, (box.X + box.Width) * sx, (box.Y + box.Height) * sy));
        var feather = Math.Max(1f, Math.Max(full.Width, full.Height) / 600f);
        var margin = (int)Math.Ceiling(feather * 3);
        crop = SKRectI.Intersect(SKRectI.Inflate(crop, margin, margin), new SKRectI(0, 0, full.Width, full.Height));

        using var mask = MaskBitmap(analysis);
        using var maskImage = SKImage.FromBitmap(mask);
        using var photoImage = SKImage.FromBitmap(full);
        var info = new SKImageInfo(crop.Width, crop.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        canvas.DrawImage(photoImage, -crop.Left, -crop.Top, new SKSamplingOptions(SKFilterMode.Nearest));
        using var maskPaint = new SKPaint { BlendMode = SKBlendMode.DstIn, ImageFilter = SKImageFilter.CreateBlur(feather, feather) };
        canvas.DrawImage(maskImage, SKRect.Create(-crop.Left, -crop.Top, full.Width, full.Height), new SKSamplingOptions(SKFilterMode.Linear), maskPaint);
        return new ProductCutout(surface.Snapshot(), true, analysis);
    }

    public void Dispose() => Image.Dispose();

    private static SKBitmap MaskBitmap(PhotoAnalysis analysis)
    {
        var bitmap = new SKBitmap(new SKImageInfo(analysis.WorkingWidth, analysis.WorkingHeight, SKColorType.Alpha8, SKAlphaType.Premul));
        var pixels = bitmap.GetPixelSpan();
        var mask = analysis.Segmentation.Mask;
        for (var y = 0; y < analysis.WorkingHeight; y++)
        {
            for (var x = 0; x < analysis.WorkingWidth; x++)
            {
                pixels[(y * bitmap.RowBytes) + x] = mask[(y * analysis.WorkingWidth) + x] ? (byte)255 : (byte)0;
            }
        }

        return bitmap;
    }
}
