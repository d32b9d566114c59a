namespace ProductDescriber.Catalog.Images;

/// <summary>Turns a client's file name into one safe to store and show: no folders, no control characters.</summary>
internal static class FileNames
{
    public const int MaxLength = 255;

    /// <summary>The last path part (either separator) without control characters, trimmed, at most 255 characters
    /// with the extension kept; <c>"image" + fallbackExtension</c> when nothing is left.</summary>
    public static string Sanitize(string? clientName, string fallbackExtension) =>
        throw new NotImplementedException();
}
