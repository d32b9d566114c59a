namespace ProductDescriber.Catalog.ReferenceImages;

/// <summary>
/// Storage keys of reference images: <c>{folder}/refs/{id}{ext}</c> and <c>{folder}/refs/thumbs/{id}-{size}.{ext}</c>,
/// with a random id, never the client's file name (which is kept, sanitised, in the database only).
/// </summary>
internal static class ReferenceImageKeys
{
    public static string Original(string folder, Guid id, string extension) => $"{folder}/refs/{id:N}{extension}";

    /// <summary>Everything derived from an original (its thumbnails), as a prefix for deletion.</summary>
    public static string DerivedPrefix(string originalKey) => $"{Folder(originalKey)}/refs/thumbs/{Stem(originalKey)}-";

    public static string Thumbnail(string originalKey, int size, string extension) => $"{DerivedPrefix(originalKey)}{size}{extension}";

    private static string Folder(string key) => key[..key.IndexOf("/refs/", StringComparison.Ordinal)];

    private static string Stem(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        var dot = name.IndexOf('.');
        return dot < 0 ? name : name[..dot];
    }
}
