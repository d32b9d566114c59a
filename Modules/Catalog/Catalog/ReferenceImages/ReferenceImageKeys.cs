using ProductDescriber.BuildingBlocks.Storage.Thumbnails;

namespace ProductDescriber.Catalog.ReferenceImages;

/// <summary>
/// Storage keys of reference images: <c>{folder}/refs/{id}{ext}</c>, with a random id, never the client's file name
/// (which is kept, sanitised, in the database only). Thumbnails follow the shared scheme of <see cref="ThumbnailKeys"/>:
/// <c>{folder}/refs/thumbs/{id}-{size}.{ext}</c>.
/// </summary>
internal static class ReferenceImageKeys
{
    public static string Original(string folder, Guid id, string extension) => $"{folder}/refs/{id:N}{extension}";

    /// <summary>Everything derived from an original (its thumbnails), as a prefix for deletion.</summary>
    public static string DerivedPrefix(string originalKey) => ThumbnailKeys.DerivedPrefix(originalKey);
}
