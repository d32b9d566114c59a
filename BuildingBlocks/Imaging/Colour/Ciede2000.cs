namespace ProductDescriber.Imaging.Colour;

/// <summary>
/// The CIEDE2000 colour difference (CIE 142-2001), with kL = kC = kH = 1, written from the formulas as Sharma, Wu and
/// Dalal (2005) state them, including their notes on the mean hue and the hue difference when one chroma is zero.
/// Unlike the Euclidean (CIE76) distance it weighs hue, chroma and lightness as the eye does: about 1 is a just
/// noticeable difference, above 10 reads as another colour.
/// </summary>
public static class Ciede2000
{
    private const double Pow25To7 = 6103515625; // 25^7

    public static double Difference(Lab first, Lab second)
    {
        var c1 = Math.Sqrt((first.A * first.A) + (first.B * first.B));
        var c2 = Math.Sqrt((second.A * second.A) + (second.B * second.B));
        var meanC = (c1 + c2) / 2;
        var meanC7 = Math.Pow(meanC, 7);
        var g = 0.5 * (1 - Math.Sqrt(meanC7 / (meanC7 + Pow25To7)));
        var a1 = (1 + g) * first.A;
        var a2 = (1 + g) * second.A;
        var c1p = Math.Sqrt((a1 * a1) + (first.B * first.B));
        var c2p = Math.Sqrt((a2 * a2) + (second.B * second.B));
        var h1p = Hue(first.B, a1);
        var h2p = Hue(second.B, a2);

        var dLp = second.L - first.L;
        var dCp = c2p - c1p;
        double dhp;
        if (c1p * c2p == 0)
        {
            dhp = 0;
        }
        else if (Math.Abs(h2p - h1p) <= 180)
        {
            dhp = h2p - h1p;
        }
        else
        {
            dhp = h2p - h1p > 180 ? h2p - h1p - 360 : h2p - h1p + 360;
        }

        var dHp = 2 * Math.Sqrt(c1p * c2p) * Math.Sin(Radians(dhp / 2));

        var meanL = (first.L + second.L) / 2;
        var meanCp = (c1p + c2p) / 2;
        double meanHp;
        if (c1p * c2p == 0)
        {
            meanHp = h1p + h2p;
        }
        else if (Math.Abs(h1p - h2p) <= 180)
        {
            meanHp = (h1p + h2p) / 2;
        }
        else
        {
            meanHp = h1p + h2p < 360 ? (h1p + h2p + 360) / 2 : (h1p + h2p - 360) / 2;
        }

        var t = 1
            - (0.17 * Math.Cos(Radians(meanHp - 30)))
            + (0.24 * Math.Cos(Radians(2 * meanHp)))
            + (0.32 * Math.Cos(Radians((3 * meanHp) + 6)))
            - (0.20 * Math.Cos(Radians((4 * meanHp) - 63)));
        var dTheta = 30 * Math.Exp(-Math.Pow((meanHp - 275) / 25, 2));
        var meanCp7 = Math.Pow(meanCp, 7);
        var rc = 2 * Math.Sqrt(meanCp7 / (meanCp7 + Pow25To7));
        var l50 = (meanL - 50) * (meanL - 50);
        var sl = 1 + (0.015 * l50 / Math.Sqrt(20 + l50));
        var sc = 1 + (0.045 * meanCp);
        var sh = 1 + (0.015 * meanCp * t);
        var rt = -Math.Sin(Radians(2 * dTheta)) * rc;

        var l = dLp / sl;
        var c = dCp / sc;
        var h = dHp / sh;
        return Math.Sqrt((l * l) + (c * c) + (h * h) + (rt * c * h));
    }

    /// <summary>Hue angle in degrees, 0 to 360; 0 for a neutral colour.</summary>
    private static double Hue(double b, double a)
    {
        if (a == 0 && b == 0)
        {
            return 0;
        }

        var degrees = Math.Atan2(b, a) * 180 / Math.PI;
        return degrees < 0 ? degrees + 360 : degrees;
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
