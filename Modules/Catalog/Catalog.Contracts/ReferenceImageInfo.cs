namespace ProductDescriber.Catalog.Contracts;

/// <summary>A reference photo of a product; its bytes are in file storage under <see cref="StorageKey"/>.</summary>
/// <param name="FileName">The client's file name, sanitised (no folders, no control characters).</param>
/// <param name="MimeType">Sniffed from the bytes: image/jpeg, image/png, image/webp or image/gif.</param>
/// <param name="Width">Displayed width, after the EXIF orientation.</param>
/// <param name="Height">Displayed height, after the EXIF orientation.</param>
/// <param name="DisplayOrder">1-based position among the product's images.</param>
public sealed record ReferenceImageInfo(
    long Id,
    long ProductId,
    string FileName,
    string StorageKey,
    string MimeType,
    long SizeBytes,
    int Width,
    int Height,
    bool IsPrimary,
    int DisplayOrder,
    long? UploadedById,
    DateTimeOffset UploadedAt);
