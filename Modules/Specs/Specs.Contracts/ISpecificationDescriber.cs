namespace ProductDescriber.Specs.Contracts;

/// <summary>
/// Describes one picture into a specification's template with a vision provider and compares the description with
/// that specification, leaf by leaf (what Generation uses to check a generated picture). Specs owns the template, the
/// prompt, the reading of the reply and the diff; the caller owns where the result is kept and its cost row.
/// </summary>
public interface ISpecificationDescriber
{
    /// <summary>
    /// One vision call (retried on transient provider failures as analysis runs are) and its reply read, checked
    /// against the template and compared with <paramref name="request"/>'s specification. Never throws for the
    /// provider's or the reply's faults: those are a <see cref="SpecificationDescription"/> with a failure kind.
    /// Cancellation is thrown.
    /// </summary>
    Task<SpecificationDescription> DescribeAsync(DescribeRequest request, CancellationToken cancellationToken);
}

/// <summary>The picture to describe and what to compare it with.</summary>
/// <param name="Bytes">The picture as stored (PNG, JPEG or WebP); fitted to the provider's limits before sending.</param>
/// <param name="Provider">The vision provider's registry name; null for the configured default.</param>
public sealed record DescribeRequest(byte[] Bytes, string MimeType, int Width, int Height, long SpecificationId, string? Provider);

/// <summary>
/// The outcome of one description. Succeeded: <see cref="Yaml"/> (canonical) and <see cref="Changes"/> set, no
/// <see cref="ErrorKind"/>. Failed: <see cref="ErrorKind"/> (PROVIDER_UNAVAILABLE, SPECIFICATION_NOT_FOUND,
/// EMPTY_REPLY, UNPARSEABLE_REPLY, INVALID_REPLY, INVALID_IMAGE, or the provider's error kind such as RATE_LIMITED)
/// and <see cref="ErrorMessage"/>. <see cref="Usage"/> is set whenever the provider answered, failed or not: an answer
/// that could not be used is billed all the same.
/// </summary>
public sealed record SpecificationDescription(
    string Provider,
    string? Yaml,
    IReadOnlyList<SpecificationChange> Changes,
    DescriptionUsage? Usage,
    string? ErrorKind,
    string? ErrorMessage,
    string? RawReply = null)
{
    public bool Succeeded => ErrorKind is null;

    public static SpecificationDescription Failed(string provider, string kind, string message, DescriptionUsage? usage = null, string? rawReply = null) =>
        new(provider, null, [], usage, kind, message, rawReply);
}

/// <summary>One leaf (or subtree) where the description differs from the specification, as <c>Specification.diff</c>
/// reports it: <paramref name="Before"/> the specification's value, <paramref name="After"/> the description's, each
/// as one line of flow YAML (null when absent); <paramref name="Kind"/> ADDED, REMOVED or CHANGED.</summary>
public sealed record SpecificationChange(string Path, string? Before, string? After, string Kind);

/// <summary>What the answered call cost: the model, tokens when reported, and how long it took.</summary>
public sealed record DescriptionUsage(string? Model, int? InputTokens, int? OutputTokens, TimeSpan Duration);
