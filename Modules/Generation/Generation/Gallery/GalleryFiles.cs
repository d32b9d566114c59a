using ProductDescriber.BuildingBlocks.Storage;
using ProductDescriber.BuildingBlocks.Storage.Thumbnails;

namespace ProductDescriber.Generation.Gallery;

/// <summary>The files of one stored picture: the original and everything derived from it (thumbnails).</summary>
internal static class GalleryFiles
{
    public static IEnumerable<FileDeletion> Of(string storageKey) =>
        [FileDeletion.Of(storageKey), FileDeletion.Under(ThumbnailKeys.DerivedPrefix(storageKey))];
}
