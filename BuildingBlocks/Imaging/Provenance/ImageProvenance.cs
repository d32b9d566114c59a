namespace ProductDescriber.Imaging.Provenance;

/// <summary>What is recorded in a generated image's XMP packet.</summary>
/// <param name="DigitalSourceType">An IPTC NewsCodes URI, see <see cref="DigitalSourceTypes"/>.</param>
/// <param name="PromptSha256">SHA-256 of the effective prompt, lower-case hex: the prompt itself stays out of the file.</param>
/// <param name="Software">Written as <c>xmp:CreatorTool</c>, e.g. "Product Describer".</param>
public sealed record ImageProvenance(
    string DigitalSourceType,
    string? SpecificationId,
    int? SpecificationVersion,
    IReadOnlyList<string> ReferenceImageIds,
    string Provider,
    string? Model,
    string Resolution,
    string AspectRatio,
    string? Seed,
    string PromptSha256,
    string RequestId,
    int Index,
    DateTimeOffset CreatedAt,
    string Software);
