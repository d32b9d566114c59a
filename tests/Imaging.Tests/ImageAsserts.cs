using SkiaSharp;

namespace ProductDescriber.Imaging.Tests;

internal static class ImageAsserts
{
    /// <summary>Lossy formats move colours a little: each channel within <paramref name="tolerance"/>.</summary>
    public static void ColorNear(SKColor expected, SKColor actual, int tolerance = 24)
    {
        var near = Math.Abs(expected.Red - actual.Red) <= tolerance
            && Math.Abs(expected.Green - actual.Green) <= tolerance
            && Math.Abs(expected.Blue - actual.Blue) <= tolerance
            && Math.Abs(expected.Alpha - actual.Alpha) <= tolerance;
        Assert.True(near, $"Expected a colour near {expected}, got {actual}.");
    }

    public static SKBitmap Decode(byte[] bytes)
    {
        var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        return bitmap;
    }
}
