using ProductDescriber.Generation.Descriptions;
using ProductDescriber.Generation.Fidelity;

namespace ProductDescriber.Generation.Gallery;

/// <summary>
/// A picture a generation request made (GraphQL type <c>GeneratedImage</c>), stored under the product's folder.
/// Unique per (request, index): a job re-run after a crash never stores, or pays for, an index twice.
/// </summary>
internal sealed class GalleryImage
{
    public long Id { get; init; }

    public long RequestId { get; init; }

    public long ProductId { get; init; }

    /// <summary>0-based position in its request.</summary>
    public int Index { get; init; }

    /// <summary>Copied from the request: the gallery's stale filter compares it with the active version.</summary>
    public int SpecificationVersion { get; init; }

    public string StorageKey { get; init; } = "";

    /// <summary>Sniffed from the bytes: image/png, image/jpeg or image/webp.</summary>
    public string MimeType { get; init; } = "";

    public int Width { get; init; }

    public int Height { get; init; }

    public long SizeBytes { get; init; }

    /// <summary>The model that made it, as the provider reported.</summary>
    public string? Model { get; init; }

    /// <summary>Any text the model returned with the image.</summary>
    public string? ModelText { get; init; }

    /// <summary>IPTC digital source type written into the file's XMP (composite for the Offline compositor).</summary>
    public string DigitalSourceType { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Measured once when stored (ADR 0033); null for pictures stored before fidelity was measured.</summary>
    public ImageFidelity? Fidelity { get; init; }

    /// <summary><see cref="ImageFidelity.Score"/> again, as a column: the gallery orders by it in SQL.</summary>
    public double? FidelityScore { get; init; }

    /// <summary><see cref="ImageFidelity.Flagged"/> again, as a column: the gallery filters by it in SQL.</summary>
    public bool? FidelityFlagged { get; init; }

    /// <summary>The picture described back into the template and compared with its specification (ADR 0037); null when never asked.</summary>
    public ImageDescription? Description { get; set; }

    /// <summary><see cref="ImageDescription.Status"/> again, as a column: the recovery sweep finds unfinished descriptions by it in SQL.</summary>
    public string? DescriptionStatus { get; set; }
}
