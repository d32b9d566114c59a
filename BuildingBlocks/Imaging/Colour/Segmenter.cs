namespace ProductDescriber.Imaging.Colour;

/// <summary>The product's pixels in a working-size photo.</summary>
/// <param name="SeeThrough">Product pixels that show the backdrop unchanged: left out of the product's colours.</param>
public sealed record Segmentation(bool[] Mask, bool[] SeeThrough, string Method, IReadOnlyList<Palette.Cluster> Backdrop);

/// <summary>Separates product from backdrop: the photo's alpha when it has real transparency, else a backdrop model
/// from the border ring (clusters in Lab) grown inwards by flood fill, then an opening that drops thin lines
/// (printed dimension arrows, text) and the largest remaining component.</summary>
public static class Segmenter
{
    /// <summary>Bounds of the Lab distance to the backdrop model under which a pixel can be backdrop: the distance
    /// itself follows how much the border ring varies (a studio white is tight, a lit wall is not).</summary>
    private const double MinBackdropDistance = 3;
    private const double MaxBackdropDistance = 10;

    /// <summary>A pixel somewhat further from the model, but this close to its backdrop neighbour, continues a gradient.</summary>
    private const double GradientStep = 1.2;

    /// <summary>Product pixels this close to the backdrop are the backdrop seen through the product.</summary>
    private const double SeeThroughDistance = 6;

    /// <summary>Border clusters smaller than this share of the ring are objects crossing the edge, not backdrop.</summary>
    private const double BackdropShare = 0.12;

    public static Segmentation Segment(Lab[] lab, byte[] alpha, int width, int height, bool hasAlpha, CancellationToken cancellationToken)
    {
        var n = width * height;
        var transparent = 0;
        for (var i = 0; i < n; i++)
        {
            transparent += alpha[i] < 128 ? 1 : 0;
        }

        if (hasAlpha && transparent >= n / 100)
        {
            var opaque = new bool[n];
            for (var i = 0; i < n; i++)
            {
                opaque[i] = alpha[i] >= 128;
            }

            return new Segmentation(LargestComponent(Open(opaque, width, height), width, height), new bool[n], "alpha", []);
        }

        var ring = Math.Max(2, (int)Math.Round(0.02 * Math.Min(width, height)));
        var ringSamples = new List<Lab>();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (x < ring || y < ring || x >= width - ring || y >= height - ring)
                {
                    ringSamples.Add(lab[(y * width) + x]);
                }
            }
        }

        var clusters = Palette.Extract(ringSamples, k: 4, mergeBelow: 8, dropBelowShare: 0);
        var backdrop = clusters.Where(c => c.Share >= BackdropShare).ToList();
        if (backdrop.Count == 0)
        {
            backdrop.Add(clusters[0]);
        }

        var distance = new double[n];
        var centres = backdrop.Select(c => c.Centre).ToArray();
        for (var i = 0; i < n; i++)
        {
            distance[i] = Nearest(centres, lab[i]);
        }

        var spread = Math.Sqrt(ringSamples.Average(c =>
        {
            var d = backdrop.Min(b => b.Centre.DistanceTo(c));
            return Math.Min(d * d, 400);
        }));
        var threshold = Math.Clamp(2.5 * spread, MinBackdropDistance, MaxBackdropDistance);
        cancellationToken.ThrowIfCancellationRequested();
        var isBackdrop = Flood(lab, distance, width, height, threshold);
        var backdropCount = isBackdrop.Count(b => b);
        if (backdropCount < n / 20)
        {
            var all = new bool[n];
            Array.Fill(all, true);
            return new Segmentation(all, new bool[n], "none", backdrop);
        }

        var foreground = new bool[n];
        for (var i = 0; i < n; i++)
        {
            foreground[i] = !isBackdrop[i];
        }

        var mask = LargestComponent(Open(foreground, width, height), width, height);
        var holes = Holes(mask, width, height);

        // The backdrop's finer shades (a vignette, a shadowed corner) for recognising it behind a clear product;
        // shades far from the backdrop model are objects crossing the border (hands), not backdrop.
        var shades = Palette.Extract(ringSamples, k: 12, mergeBelow: 3, dropBelowShare: 0.01)
            .Where(s => backdrop.Min(b => b.Centre.DistanceTo(s.Centre)) < 2 * threshold)
            .Select(s => s.Centre)
            .ToArray();
        var seeThrough = new bool[n];
        for (var i = 0; i < n; i++)
        {
            // Backdrop enclosed by the product (inside a clear bag, a handle's loop) is seen through it.
            mask[i] |= holes[i];
            seeThrough[i] = mask[i] && (holes[i] || distance[i] < SeeThroughDistance || (mask[i] && Nearest(shades, lab[i]) < SeeThroughDistance));
        }

        return new Segmentation(mask, seeThrough, "border-model", backdrop);
    }

    private static bool[] Flood(Lab[] lab, double[] distance, int width, int height, double threshold)
    {
        var n = width * height;
        var isBackdrop = new bool[n];
        var queue = new Queue<int>();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                if ((x == 0 || y == 0 || x == width - 1 || y == height - 1) && distance[i] < threshold)
                {
                    isBackdrop[i] = true;
                    queue.Enqueue(i);
                }
            }
        }

        Span<int> neighbours = stackalloc int[4];
        while (queue.Count > 0)
        {
            var p = queue.Dequeue();
            var (px, py) = (p % width, p / width);
            var count = 0;
            if (px > 0) neighbours[count++] = p - 1;
            if (px < width - 1) neighbours[count++] = p + 1;
            if (py > 0) neighbours[count++] = p - width;
            if (py < height - 1) neighbours[count++] = p + width;
            for (var k = 0; k < count; k++)
            {
                var q = neighbours[k];
                if (isBackdrop[q])
                {
                    continue;
                }

                if (distance[q] < threshold
                    || (distance[q] < threshold * 1.5 && lab[q].DistanceTo(lab[p]) < GradientStep))
                {
                    isBackdrop[q] = true;
                    queue.Enqueue(q);
                }
            }
        }

        return isBackdrop;
    }

    private static double Nearest(Lab[] colours, Lab colour)
    {
        var best = double.MaxValue;
        foreach (var c in colours)
        {
            best = Math.Min(best, c.DistanceTo(colour));
        }

        return best;
    }

    /// <summary>Pixels outside the mask that the border cannot reach without crossing it.</summary>
    private static bool[] Holes(bool[] mask, int width, int height)
    {
        var outside = new bool[mask.Length];
        var stack = new Stack<int>();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                if ((x == 0 || y == 0 || x == width - 1 || y == height - 1) && !mask[i])
                {
                    outside[i] = true;
                    stack.Push(i);
                }
            }
        }

        while (stack.Count > 0)
        {
            var p = stack.Pop();
            var (px, py) = (p % width, p / width);
            foreach (var q in (ReadOnlySpan<int>)[px > 0 ? p - 1 : -1, px < width - 1 ? p + 1 : -1, py > 0 ? p - width : -1, py < height - 1 ? p + width : -1])
            {
                if (q >= 0 && !mask[q] && !outside[q])
                {
                    outside[q] = true;
                    stack.Push(q);
                }
            }
        }

        var holes = new bool[mask.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            holes[i] = !mask[i] && !outside[i];
        }

        return holes;
    }

    /// <summary>Erosion then dilation with a 3x3 square: removes strokes under 3 pixels wide.</summary>
    private static bool[] Open(bool[] mask, int width, int height) =>
        Morph(Morph(mask, width, height, erode: true), width, height, erode: false);

    private static bool[] Morph(bool[] mask, int width, int height, bool erode)
    {
        var result = new bool[mask.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var value = erode;
                for (var dy = -1; dy <= 1 && value == erode; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var (nx, ny) = (x + dx, y + dy);
                        var inside = nx >= 0 && ny >= 0 && nx < width && ny < height;
                        var set = inside ? mask[(ny * width) + nx] : erode;
                        if (set != erode)
                        {
                            value = !erode;
                            break;
                        }
                    }
                }

                result[(y * width) + x] = value;
            }
        }

        return result;
    }

    private static bool[] LargestComponent(bool[] mask, int width, int height)
    {
        var label = new int[mask.Length];
        var best = (Label: 0, Size: 0);
        var next = 0;
        var stack = new Stack<int>();
        for (var start = 0; start < mask.Length; start++)
        {
            if (!mask[start] || label[start] != 0)
            {
                continue;
            }

            next++;
            var size = 0;
            label[start] = next;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                size++;
                var (px, py) = (p % width, p / width);
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var (nx, ny) = (px + dx, py + dy);
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height)
                        {
                            continue;
                        }

                        var q = (ny * width) + nx;
                        if (mask[q] && label[q] == 0)
                        {
                            label[q] = next;
                            stack.Push(q);
                        }
                    }
                }
            }

            if (size > best.Size)
            {
                best = (next, size);
            }
        }

        var result = new bool[mask.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            result[i] = best.Label != 0 && label[i] == best.Label;
        }

        return result;
    }
}
