using ProductDescriber.Imaging;

namespace ProductDescriber.BuildingBlocks.Storage.Thumbnails;

/// <summary>
/// A few fixed sizes, so thumbnails are made once per size and storage holds a bounded number per image. Shared by
/// every module that serves images (reference photos, generated images), so clients ask for the same sizes everywhere.
/// </summary>
public static class ThumbnailSizes
{
    public const int Default = 256;

    public static readonly IReadOnlyList<int> All = [64, 128, 256, 512, 1024];

    public static int Largest => All[^1];

    /// <summary>The smallest fixed size at least <paramref name="requested"/>; null when out of range.</summary>
    public static int? Snap(int requested) =>
        requested < 1 || requested > Largest ? null : All.First(size => size >= requested);

    public static bool IsValid(int size) => All.Contains(size);

    public static string Extension(ThumbnailFormat format) => format == ThumbnailFormat.Jpeg ? ".jpg" : ".webp";

    public static ThumbnailFormat? FormatOf(string extension) => extension switch
    {
        ".jpg" => ThumbnailFormat.Jpeg,
        ".webp" => ThumbnailFormat.WebP,
        _ => null,
    };
}
