using ProductDescriber.Imaging.Colour;
using SkiaSharp;

namespace ProductDescriber.Providers.Offline.Analysis;

/// <summary>One photo measured: the public figures, plus the working-size mask and product samples that the
/// aggregate palette and the compositor reuse.</summary>
internal sealed record PhotoAnalysis(PhotoMeasurement Measurement, Segmentation Segmentation, int WorkingWidth, int WorkingHeight, IReadOnlyList<Lab> ProductSamples);

internal static class PhotoAnalyzer
{
    public const int WorkingEdge = 512;

    /// <summary>Product samples kept per photo for the palettes: a fixed stride over the product keeps it deterministic.</summary>
    private const int MaxSamples = 20_000;

    public static PhotoAnalysis Analyze(ReadOnlyMemory<byte> bytes, int index, CancellationToken cancellationToken)
    {
        using var photo = PhotoDecoder.Decode(bytes, WorkingEdge, $"Image {index + 1}");
        cancellationToken.ThrowIfCancellationRequested();
        return Analyze(photo, index, cancellationToken);
    }

    public static PhotoAnalysis Analyze(DecodedPhoto photo, int index, CancellationToken cancellationToken)
    {
        var pixels = LabPixels.Read(photo.Bitmap);
        var (w, h, lab, alpha) = (pixels.Width, pixels.Height, pixels.Lab, pixels.Alpha);
        var n = w * h;
        var segmentation = Segmenter.Segment(lab, alpha, w, h, photo.HasAlpha, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        var (minX, minY, maxX, maxY, area, seeThrough, skin, translucent) = (w, h, -1, -1, 0, 0, 0, 0);
        var coloured = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (!segmentation.Mask[i])
            {
                continue;
            }

            var (x, y) = (i % w, i / w);
            (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
            area++;
            translucent += alpha[i] is > 16 and < 240 ? 1 : 0;
            if (segmentation.SeeThrough[i])
            {
                seeThrough++;
                continue;
            }

            skin += IsSkinLike(lab[i]) ? 1 : 0;
            coloured.Add(i);
        }

        var stride = Math.Max(1, (coloured.Count + MaxSamples - 1) / MaxSamples);
        var samples = new List<Lab>();
        for (var i = 0; i < coloured.Count; i += stride)
        {
            samples.Add(lab[coloured[i]]);
        }

        var touches = area > 0 && (minX == 0 || minY == 0 || maxX == w - 1 || maxY == h - 1);
        var fill = (double)area / n;
        var (sx, sy) = ((double)photo.Width / w, (double)photo.Height / h);
        var box = area == 0
            ? null
            : new PixelBox(
                (int)Math.Floor(minX * sx), (int)Math.Floor(minY * sy),
                Math.Min(photo.Width, (int)Math.Ceiling((maxX + 1) * sx)) - (int)Math.Floor(minX * sx),
                Math.Min(photo.Height, (int)Math.Ceiling((maxY + 1) * sy)) - (int)Math.Floor(minY * sy));
        var skinShare = area == 0 ? 0 : (double)skin / area;
        var seeThroughShare = area == 0 ? 0 : (double)(segmentation.Method == "alpha" ? translucent : seeThrough) / area;

        var measurement = new PhotoMeasurement(
            index,
            photo.Format,
            photo.Width,
            photo.Height,
            Math.Round((double)photo.Width / photo.Height, 3),
            segmentation.Method,
            box,
            Math.Round(fill, 3),
            touches,
            [.. segmentation.Backdrop.Select(c => Describe(c))],
            [.. Palette.Extract(samples).Select(c => Describe(c, 1 - seeThroughShare))],
            Math.Round(seeThroughShare, 3),
            Math.Round(skinShare, 3),
            MaskConfidence(segmentation.Method, fill, touches, skinShare));
        return new PhotoAnalysis(measurement, segmentation, w, h, samples);
    }

    /// <summary>A cluster as reported; <paramref name="scale"/> turns a share of the coloured pixels into a share of
    /// the whole product when see-through pixels were left out.</summary>
    public static MeasuredColor Describe(Palette.Cluster cluster, double scale = 1)
    {
        var (r, g, b) = cluster.Centre.ToRgb();
        var exact = Lab.FromRgb(r, g, b);
        return new MeasuredColor(
            cluster.Centre.ToHex(), r, g, b,
            Math.Round(exact.L, 1), Math.Round(exact.A, 1), Math.Round(exact.B, 1),
            ColorNames.Nearest(exact),
            Math.Round(cluster.Share * scale * 100, 1));
    }

    /// <summary>A loose skin box in Lab: enough to warn that hands are in the picture, not to remove them.</summary>
    private static bool IsSkinLike(Lab c) => c.L is > 40 and < 88 && c.A is > 7 and < 25 && c.B is > 10 and < 30;

    private static double MaskConfidence(string method, double fill, bool touches, double skinShare)
    {
        var confidence = method switch { "alpha" => 0.9, "border-model" => 0.75, _ => 0.1 };
        if (touches)
        {
            confidence -= 0.25;
        }

        if (fill is < 0.02 or > 0.85)
        {
            confidence -= 0.3;
        }

        if (skinShare > 0.05)
        {
            confidence -= 0.15;
        }

        return Math.Round(Math.Clamp(confidence, 0.05, 0.95), 2);
    }

    internal static SKColor ToColor(Lab lab)
    {
        var (r, g, b) = lab.ToRgb();
        return new SKColor(r, g, b);
    }
}
