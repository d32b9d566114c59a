using System.Globalization;

namespace ProductDescriber.Providers.Abstractions;

/// <summary>
/// Makes product pictures from a prompt and reference photos. Images are yielded as they arrive, so a caller can
/// store each one at once (a job killed mid-way keeps what it already has and asks again from
/// <see cref="ImageGenerationRequest.StartIndex"/>).
/// </summary>
public interface IImageGenerationService
{
    IAsyncEnumerable<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken);
}

/// <summary>A photo sent to a provider: its encoded bytes and media type (image/png, image/jpeg, image/webp).</summary>
public sealed record InputImage(ReadOnlyMemory<byte> Bytes, string MediaType, bool IsPrimary = false);

/// <param name="Count">Pictures wanted, with indices <see cref="StartIndex"/> .. StartIndex + Count - 1.</param>
/// <param name="Seed">Makes a provider that can be deterministic (Offline) repeat itself; others may ignore it.</param>
/// <param name="Model">A model other than the provider's configured one; null for the default.</param>
public sealed record ImageGenerationRequest(
    string Prompt,
    IReadOnlyList<InputImage> ReferenceImages,
    AspectRatio AspectRatio,
    ImageResolution Resolution,
    int Count = 1,
    int StartIndex = 0,
    string? Seed = null,
    string? Model = null);

/// <param name="Index">Position in the request (see <see cref="ImageGenerationRequest.StartIndex"/>).</param>
/// <param name="ModelText">Any text the model returned with the image.</param>
public sealed record GeneratedImage(int Index, ReadOnlyMemory<byte> Bytes, string MediaType, string? ModelText, AiUsage Usage);

/// <summary>Nominal size class of a generated picture: its long edge is 1024, 2048 or 4096 pixels.</summary>
public enum ImageResolution
{
    OneK,
    TwoK,
    FourK,
}

public static class ImageResolutions
{
    public static int LongEdge(this ImageResolution resolution) => resolution switch
    {
        ImageResolution.OneK => 1024,
        ImageResolution.TwoK => 2048,
        _ => 4096,
    };

    /// <summary>"1K", "2K" or "4K" (as Gemini's <c>imageSize</c> spells them).</summary>
    public static string Label(this ImageResolution resolution) => resolution switch
    {
        ImageResolution.OneK => "1K",
        ImageResolution.TwoK => "2K",
        _ => "4K",
    };

    public static bool TryParse(string? value, out ImageResolution resolution)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "1K": resolution = ImageResolution.OneK; return true;
            case "2K": resolution = ImageResolution.TwoK; return true;
            case "4K": resolution = ImageResolution.FourK; return true;
            default: resolution = default; return false;
        }
    }
}

/// <summary>A width:height ratio such as 16:9, limited to the ratios the product offers.</summary>
public readonly record struct AspectRatio(int Width, int Height)
{
    /// <summary>The ratios every provider must accept (a provider maps them to its nearest native size).</summary>
    public static readonly IReadOnlyList<AspectRatio> Supported =
        [new(1, 1), new(2, 3), new(3, 2), new(3, 4), new(4, 3), new(4, 5), new(5, 4), new(9, 16), new(16, 9), new(21, 9)];

    public static AspectRatio Square => new(1, 1);

    public double Value => (double)Width / Height;

    public static bool TryParse(string? value, out AspectRatio ratio)
    {
        ratio = default;
        var parts = value?.Split(':');
        if (parts is not [var w, var h]
            || !int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out var height))
        {
            return false;
        }

        ratio = new AspectRatio(width, height);
        return Supported.Contains(ratio);
    }

    /// <summary>Pixel size with this ratio whose long edge is the resolution's (e.g. 16:9 at 2K is 2048 x 1152).</summary>
    public (int Width, int Height) PixelSize(ImageResolution resolution)
    {
        var edge = resolution.LongEdge();
        return Width >= Height
            ? (edge, (int)Math.Round(edge * (double)Height / Width))
            : ((int)Math.Round(edge * (double)Width / Height), edge);
    }

    public override string ToString() => $"{Width}:{Height}";
}
