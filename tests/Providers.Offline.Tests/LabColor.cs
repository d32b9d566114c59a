using SkiaSharp;

namespace ProductDescriber.Providers.Offline.Tests;

/// <summary>CIELAB computed here, independently of the provider's code, so a test does not grade the provider
/// with its own arithmetic.</summary>
internal readonly record struct LabColor(double L, double A, double B)
{
    public double DistanceTo(LabColor o) => Math.Sqrt(Math.Pow(L - o.L, 2) + Math.Pow(A - o.A, 2) + Math.Pow(B - o.B, 2));

    public static LabColor From(SKColor c)
    {
        static double Linear(byte v)
        {
            var s = v / 255.0;
            return s <= 0.04045 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }

        static double F(double t) => t > 216.0 / 24389 ? Math.Cbrt(t) : ((24389.0 / 27 * t) + 16) / 116;
        var (r, g, b) = (Linear(c.Red), Linear(c.Green), Linear(c.Blue));
        var x = ((0.4124 * r) + (0.3576 * g) + (0.1805 * b)) / 0.95047;
        var y = (0.2126 * r) + (0.7152 * g) + (0.0722 * b);
        var z = ((0.0193 * r) + (0.1192 * g) + (0.9505 * b)) / 1.08883;
        return new LabColor((116 * F(y)) - 16, 500 * (F(x) - F(y)), 200 * (F(y) - F(z)));
    }

    public static LabColor FromHex(string hex) => From(SKColor.Parse(hex));

    /// <summary>Per-channel median of a patch: robust to a stray pixel of something else.</summary>
    public static LabColor Median(SKBitmap bitmap, SKRectI patch)
    {
        var colours = new List<LabColor>();
        for (var y = patch.Top; y < patch.Bottom; y++)
        {
            for (var x = patch.Left; x < patch.Right; x++)
            {
                colours.Add(From(bitmap.GetPixel(x, y)));
            }
        }

        static double Mid(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
        return new LabColor(Mid(colours.Select(c => c.L)), Mid(colours.Select(c => c.A)), Mid(colours.Select(c => c.B)));
    }
}
