using ProductDescriber.Specs.Specifications;

namespace ProductDescriber.Specs.Analysis;

/// <summary>Why a run cannot succeed, as recorded on it: a kind clients branch on, a message people read.</summary>
/// <param name="Kind">NO_IMAGES, PROVIDER_UNAVAILABLE, TEMPLATE_UNAVAILABLE, EMPTY_REPLY, UNPARSEABLE_REPLY, INVALID_REPLY, ...</param>
/// <param name="RawReply">The provider's reply when it could not become a specification.</param>
internal sealed class AnalysisFailure(string kind, string message, string? rawReply = null, IReadOnlyList<StoredIssue>? issues = null)
    : Exception(message)
{
    public string Kind { get; } = kind;

    public string? RawReply { get; } = rawReply;

    public IReadOnlyList<StoredIssue>? Issues { get; } = issues;
}
