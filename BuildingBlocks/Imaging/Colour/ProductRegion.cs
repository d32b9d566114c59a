namespace ProductDescriber.Imaging.Colour;

/// <summary>
/// The product in a picture as the segmenter finds it: its bounding box (in the working pixels measured), the share
/// of the picture it fills, and its dominant colours from the pixels that are the product's own (the backdrop seen
/// through a clear product is left out).
/// </summary>
public sealed record ProductRegion(string Method, int BoxX, int BoxY, int BoxWidth, int BoxHeight, double Fill, IReadOnlyList<Palette.Cluster> Colours)
{
    /// <summary>Samples kept for the palette: a fixed stride over the product keeps the result deterministic.</summary>
    private const int MaxSamples = 20_000;

    public double AspectRatio => (double)BoxWidth / BoxHeight;

    /// <summary>
    /// The product region of <paramref name="pixels"/>, or null with the reason when there is none to measure: the
    /// segmenter could not tell product from backdrop, or the product has no colour of its own.
    /// </summary>
    public static ProductRegion? Find(LabPixels pixels, bool hasAlpha, CancellationToken cancellationToken, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var (w, h) = (pixels.Width, pixels.Height);
        var segmentation = Segmenter.Segment(pixels.Lab, pixels.Alpha, w, h, hasAlpha, cancellationToken);
        if (segmentation.Method == "none")
        {
            reason = "The product could not be told apart from the backdrop.";
            return null;
        }

        var (minX, minY, maxX, maxY, area) = (w, h, -1, -1, 0);
        var coloured = new List<int>();
        for (var i = 0; i < segmentation.Mask.Length; i++)
        {
            if (!segmentation.Mask[i])
            {
                continue;
            }

            var (x, y) = (i % w, i / w);
            (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
            area++;
            if (!segmentation.SeeThrough[i])
            {
                coloured.Add(i);
            }
        }

        // Fewer product pixels than a 16 x 16 patch: a speck, not a product to judge.
        if (area < 256 || coloured.Count < 64)
        {
            reason = area < 256 ? "No product region large enough to measure was found." : "The product region shows only the backdrop through it.";
            return null;
        }

        var stride = Math.Max(1, (coloured.Count + MaxSamples - 1) / MaxSamples);
        var samples = new List<Lab>();
        for (var i = 0; i < coloured.Count; i += stride)
        {
            samples.Add(pixels.Lab[coloured[i]]);
        }

        reason = null;
        return new ProductRegion(segmentation.Method, minX, minY, maxX - minX + 1, maxY - minY + 1, (double)area / (w * h), Palette.Extract(samples));
    }
}
