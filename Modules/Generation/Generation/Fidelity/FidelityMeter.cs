using ProductDescriber.Imaging;
using ProductDescriber.Imaging.Colour;

namespace ProductDescriber.Generation.Fidelity;

/// <summary>
/// Measures a stored picture against its specification (ADR 0033): the product region the Offline provider's
/// segmenter finds, its dominant colours in Lab, each specification colour matched with the nearest of them by
/// CIEDE2000, and the region's proportions against the specification's.
/// </summary>
internal static class FidelityMeter
{
    /// <summary>The working size: the segmenter and palette see what the Offline analysis sees.</summary>
    public const int WorkingEdge = 512;

    /// <summary>Score points lost per unit of delta E: 25 units (plainly another colour) is a score of 0.</summary>
    private const double PointsPerDeltaE = 4;

    public static ImageFidelity Measure(byte[] bytes, FidelityTargets targets, double threshold, CancellationToken cancellationToken)
    {
        if (targets.Colours.Count == 0)
        {
            return ImageFidelity.NotMeasured("The specification names no colour to compare with.");
        }

        using var image = EncodedImage.Open(new MemoryStream(bytes, writable: false));
        if (image is null)
        {
            return ImageFidelity.NotMeasured("The picture could not be decoded.");
        }

        LabPixels pixels;
        try
        {
            using var bitmap = image.DecodeUpright(WorkingEdge);
            pixels = LabPixels.Read(bitmap);
        }
        catch (InvalidDataException)
        {
            return ImageFidelity.NotMeasured("The picture does not decode completely.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Measure(pixels, image.HasAlpha, targets, threshold, cancellationToken);
    }

    public static ImageFidelity Measure(LabPixels pixels, bool hasAlpha, FidelityTargets targets, double threshold, CancellationToken cancellationToken)
    {
        if (targets.Colours.Count == 0)
        {
            return ImageFidelity.NotMeasured("The specification names no colour to compare with.");
        }

        var region = ProductRegion.Find(pixels, hasAlpha, cancellationToken, out var reason);
        if (region is null || region.Colours.Count == 0)
        {
            return ImageFidelity.NotMeasured(reason ?? "The product region has no colour to measure.");
        }

        var matched = new List<FidelityColour>();
        foreach (var target in targets.Colours)
        {
            var wanted = Lab.FromHex(target.Hex);
            var nearest = region.Colours.MinBy(c => Ciede2000.Difference(wanted, c.Centre));
            var difference = Ciede2000.Difference(wanted, nearest.Centre);
            matched.Add(new FidelityColour(target.Role, target.Hex, nearest.Centre.ToHex(), Math.Round(difference, 2)));
        }

        // Each colour the specification names counts the same: a wrong accent is as wrong as a wrong primary, and a
        // near-neutral primary (a clear or white product) barely moves with hue. The score follows the delta E as
        // reported, so anyone can recompute it from the API's figures.
        var deltaE = Math.Round(matched.Average(c => c.DeltaE), 2);
        var measuredAspect = region.AspectRatio;
        double? aspectError = targets.AspectRatio is { } wantedAspect ? Math.Round(Math.Abs((measuredAspect / wantedAspect) - 1), 3) : null;
        return new ImageFidelity(
            Math.Round(Math.Max(0, 100 - (PointsPerDeltaE * deltaE)), 1),
            deltaE,
            deltaE > threshold,
            matched,
            aspectError,
            Math.Round(measuredAspect, 3),
            null);
    }
}
