using System.Globalization;

namespace ProductDescriber.Imaging.Colour;

/// <summary>A CIELAB colour (D65). Distances are CIE76 (Euclidean): enough for clustering and "is it the backdrop".</summary>
public readonly record struct Lab(double L, double A, double B)
{
    private static readonly double[] Linear = BuildLinear();

    public double Chroma => Math.Sqrt((A * A) + (B * B));

    public double DistanceTo(Lab other)
    {
        var dl = L - other.L;
        var da = A - other.A;
        var db = B - other.B;
        return Math.Sqrt((dl * dl) + (da * da) + (db * db));
    }

    public static Lab FromRgb(byte r, byte g, byte b)
    {
        var lr = Linear[r];
        var lg = Linear[g];
        var lb = Linear[b];
        var x = ((0.4124564 * lr) + (0.3575761 * lg) + (0.1804375 * lb)) / 0.95047;
        var y = (0.2126729 * lr) + (0.7151522 * lg) + (0.0721750 * lb);
        var z = ((0.0193339 * lr) + (0.1191920 * lg) + (0.9503041 * lb)) / 1.08883;
        var fx = F(x);
        var fy = F(y);
        var fz = F(z);
        return new Lab((116 * fy) - 16, 500 * (fx - fy), 200 * (fy - fz));
    }

    public static Lab FromHex(string hex) =>
        FromRgb(
            byte.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            byte.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            byte.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    /// <summary>Back to 8-bit sRGB, clamped to the gamut.</summary>
    public (byte R, byte G, byte B) ToRgb()
    {
        var fy = (L + 16) / 116;
        var fx = fy + (A / 500);
        var fz = fy - (B / 200);
        var x = FInverse(fx) * 0.95047;
        var y = FInverse(fy);
        var z = FInverse(fz) * 1.08883;
        var r = (3.2404542 * x) - (1.5371385 * y) - (0.4985314 * z);
        var g = (-0.9692660 * x) + (1.8760108 * y) + (0.0415560 * z);
        var b = (0.0556434 * x) - (0.2040259 * y) + (1.0572252 * z);
        return (Encode(r), Encode(g), Encode(b));
    }

    public string ToHex()
    {
        var (r, g, b) = ToRgb();
        return string.Create(CultureInfo.InvariantCulture, $"#{r:X2}{g:X2}{b:X2}");
    }

    private static double F(double t) => t > 0.008856 ? Math.Cbrt(t) : (7.787 * t) + (16.0 / 116);

    private static double FInverse(double t) => t * t * t > 0.008856 ? t * t * t : (t - (16.0 / 116)) / 7.787;

    private static byte Encode(double linear)
    {
        var c = Math.Clamp(linear, 0, 1);
        var s = c <= 0.0031308 ? 12.92 * c : (1.055 * Math.Pow(c, 1 / 2.4)) - 0.055;
        return (byte)Math.Round(s * 255);
    }

    private static double[] BuildLinear()
    {
        var table = new double[256];
        for (var i = 0; i < 256; i++)
        {
            var s = i / 255.0;
            table[i] = s <= 0.04045 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }

        return table;
    }
}
