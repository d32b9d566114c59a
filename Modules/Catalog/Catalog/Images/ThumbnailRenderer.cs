namespace ProductDescriber.Catalog.Images;

internal enum ThumbnailFormat
{
    WebP,
    Jpeg,
}

/// <summary>Scales an accepted image down so its longer edge is at most a given size, upright (EXIF orientation applied).</summary>
internal static class ThumbnailRenderer
{
    /// <summary>Writes the encoded thumbnail to <paramref name="destination"/>. Never scales up.</summary>
    public static void Render(Stream source, int maxEdge, ThumbnailFormat format, Stream destination) =>
        throw new NotImplementedException();
}
