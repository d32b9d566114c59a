namespace ProductDescriber.Catalog.Images;

internal enum ImageFormat
{
    Jpeg,
    Png,
    WebP,
    Gif,
}

/// <summary>What a fully checked image is: its real format (from its bytes) and its displayed size.</summary>
/// <param name="Width">Width as displayed, i.e. after the EXIF orientation is applied.</param>
/// <param name="Height">Height as displayed, i.e. after the EXIF orientation is applied.</param>
internal sealed record ImageFacts(ImageFormat Format, string MimeType, string Extension, int Width, int Height);

/// <summary>Why a file is not accepted as an image. <see cref="Reason"/> is a stable code, <see cref="Message"/> says it to a person.</summary>
internal sealed record ImageRejection(string Reason, string Message)
{
    public const string Empty = "EMPTY";
    public const string NotAnImage = "NOT_AN_IMAGE";
    public const string Corrupt = "CORRUPT";
    public const string TooManyPixels = "TOO_MANY_PIXELS";
    public const string TrailingData = "TRAILING_DATA";
}

/// <summary>Either the facts of a valid image or the reason it was refused.</summary>
internal sealed record ImageInspection(ImageFacts? Facts, ImageRejection? Rejection)
{
    public static ImageInspection Accept(ImageFacts facts) => new(facts, null);

    public static ImageInspection Reject(string reason, string message) => new(null, new ImageRejection(reason, message));
}

/// <summary>
/// Decides from the bytes alone whether a file is a real JPEG, PNG, WebP or GIF (never the client's name or content
/// type): magic bytes, the container's structure to its end (no data appended), the declared pixel count against
/// the limit before anything is decoded, then a full decode in bounded memory.
/// </summary>
internal static class ImageInspector
{
    /// <param name="content">A readable, seekable stream positioned anywhere; it is read from the start.</param>
    /// <param name="maxPixels">Largest width x height accepted (as declared in the header).</param>
    public static ImageInspection Inspect(Stream content, long maxPixels) =>
        throw new NotImplementedException();
}
