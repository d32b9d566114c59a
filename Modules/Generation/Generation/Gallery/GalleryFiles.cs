using ProductDescriber.BuildingBlocks.Storage;

namespace ProductDescriber.Generation.Gallery;

/// <summary>The files of one stored picture: the original and everything derived from it (thumbnails).</summary>
internal static class GalleryFiles
{
    // STUB until the thumbnail keys land (branch i12-reads): only the original.
    public static IEnumerable<FileDeletion> Of(string storageKey) => [FileDeletion.Of(storageKey)];
}
