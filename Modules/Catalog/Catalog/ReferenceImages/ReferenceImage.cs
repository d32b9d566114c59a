using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Catalog.ReferenceImages;

internal sealed class ReferenceImage
{
    public long Id { get; set; }

    public long ProductId { get; set; }

    public required string FileName { get; set; }

    public required string StorageKey { get; set; }

    public required string MimeType { get; set; }

    public long SizeBytes { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public bool IsPrimary { get; set; }

    public int DisplayOrder { get; set; }

    public long? UploadedById { get; set; }

    public DateTimeOffset UploadedAt { get; set; }

    public ReferenceImageInfo ToInfo() =>
        new(Id, ProductId, FileName, StorageKey, MimeType, SizeBytes, Width, Height, IsPrimary, DisplayOrder, UploadedById, UploadedAt);
}
