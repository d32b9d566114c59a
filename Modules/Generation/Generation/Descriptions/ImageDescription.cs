namespace ProductDescriber.Generation.Descriptions;

/// <summary>
/// A generated picture described back into its specification's template by a vision provider and compared with that
/// specification (describeImages / describeGeneratedImage, ADR 0037). Kept on the image's row as jsonb, so a gallery
/// page reads it with the page. <see cref="Attempt"/> counts descriptions asked for this image; it names the cost row
/// of each, so a re-run after a crash never records a second one.
/// </summary>
/// <param name="Status">PENDING, RUNNING, DONE or FAILED (<see cref="DescriptionStatus"/>).</param>
/// <param name="Provider">The vision provider's registry name, chosen when the description was asked for.</param>
/// <param name="SpecificationVersion">The version compared with: the one the picture was made from.</param>
/// <param name="Changes">Where the picture differs from the specification, leaf by leaf (empty when it matches or failed).</param>
/// <param name="Yaml">The description as canonical YAML; null unless DONE.</param>
/// <param name="ErrorKind">Why it FAILED: the provider's error kind (RATE_LIMITED, ...) or the reply's (UNPARSEABLE_REPLY, ...).</param>
/// <param name="RequestedById">Who asked (the request's user, or the caller of describeGeneratedImage): the cost row's user.</param>
internal sealed record ImageDescription(
    string Status,
    int Attempt,
    string Provider,
    string? Model,
    int SpecificationVersion,
    IReadOnlyList<DescriptionChange> Changes,
    string? Yaml,
    string? ErrorKind,
    string? ErrorMessage,
    int? InputTokens,
    int? OutputTokens,
    long? DurationMs,
    long? RequestedById,
    DateTimeOffset RequestedAt,
    DateTimeOffset? CompletedAt)
{
    public bool IsFinished => Status is DescriptionStatus.Done or DescriptionStatus.Failed;

    public static ImageDescription Pending(int attempt, string provider, int specificationVersion, long? requestedById, DateTimeOffset at) =>
        new(DescriptionStatus.Pending, attempt, provider, null, specificationVersion, [], null, null, null, null, null, null, requestedById, at, null);
}

/// <summary>One place where the picture's description differs from the specification (as <c>Specification.diff</c> reports).</summary>
/// <param name="Kind">ADDED, REMOVED or CHANGED.</param>
internal sealed record DescriptionChange(string Path, string? Before, string? After, string Kind);

/// <summary>The states of a description, as stored and as the API spells them.</summary>
internal static class DescriptionStatus
{
    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string Done = "DONE";
    public const string Failed = "FAILED";
}
