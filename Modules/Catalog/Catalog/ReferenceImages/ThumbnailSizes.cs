using ProductDescriber.Imaging;

namespace ProductDescriber.Catalog.ReferenceImages;

/// <summary>A few fixed sizes, so thumbnails are made once per size and storage holds a bounded number per image.</summary>
internal static class ThumbnailSizes
{
    public const int Default = 256;

    public static readonly int[] All = [64, 128, 256, 512, 1024];

    /// <summary>The smallest fixed size at least <paramref name="requested"/>; null when out of range.</summary>
    public static int? Snap(int requested) =>
        requested < 1 || requested > All[^1] ? null : All.First(size => size >= requested);

    public static bool IsValid(int size) => All.Contains(size);

    public static string Extension(ThumbnailFormat format) => format == ThumbnailFormat.Jpeg ? ".jpg" : ".webp";

    public static ThumbnailFormat? FormatOf(string extension) => extension switch
    {
        ".jpg" => ThumbnailFormat.Jpeg,
        ".webp" => ThumbnailFormat.WebP,
        _ => null,
    };
}
