namespace ProductDescriber.Imaging;

/// <summary>What a fully checked image is: its real format (from its bytes) and its displayed size.</summary>
/// <param name="Width">Width as displayed, i.e. after the EXIF orientation is applied.</param>
/// <param name="Height">Height as displayed, i.e. after the EXIF orientation is applied.</param>
public sealed record ImageFacts(ImageFormat Format, string MimeType, string Extension, int Width, int Height);

/// <summary>Why a file is not accepted as an image. <see cref="Reason"/> is a stable code, <see cref="Message"/> says it to a person.</summary>
public sealed record ImageRejection(string Reason, string Message)
{
    public const string Empty = "EMPTY";
    public const string NotAnImage = "NOT_AN_IMAGE";
    public const string Corrupt = "CORRUPT";
    public const string TooManyPixels = "TOO_MANY_PIXELS";
    public const string TrailingData = "TRAILING_DATA";
}

/// <summary>Either the facts of a valid image or the reason it was refused.</summary>
public sealed record ImageInspection(ImageFacts? Facts, ImageRejection? Rejection)
{
    internal static ImageInspection Accept(ImageFacts facts) => new(facts, null);

    internal static ImageInspection Reject(string reason, string message) => new(null, new ImageRejection(reason, message));
}
