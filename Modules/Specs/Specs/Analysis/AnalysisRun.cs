using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Specs.Analysis;

internal enum AnalysisStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// One request to analyse a product's photos into a specification, and what became of it. Written PENDING by
/// <c>analyzeProduct</c>; moved on only by <see cref="AnalysisJob"/>.
/// </summary>
internal sealed class AnalysisRun : IAnalysisRunKey
{
    public long Id { get; init; }

    public long ProductId { get; init; }

    public AnalysisStatus Status { get; set; }

    /// <summary>The provider's registry name, chosen when the run was requested.</summary>
    public string Provider { get; init; } = "";

    public string? Model { get; set; }

    public string? TemplateName { get; init; }

    public string? TemplateVersion { get; init; }

    public bool UseTemplate { get; init; }

    /// <summary>The photos to send, primary first: all of the product's when the request named none.</summary>
    public long[] ReferenceImageIds { get; init; } = [];

    /// <summary>How many photos the provider was actually sent (its limit may be lower than the list).</summary>
    public int? ImagesSent { get; set; }

    public long? RequestedById { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Provider calls made, retries and re-runs after a crash included.</summary>
    public int Attempts { get; set; }

    public int? InputTokens { get; set; }

    public int? OutputTokens { get; set; }

    /// <summary>Time spent in provider calls, in milliseconds.</summary>
    public long? DurationMs { get; set; }

    public string? ErrorKind { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>The provider's reply when it could not become a specification (unparseable or invalid).</summary>
    public string? RawReply { get; set; }

    public List<Specifications.StoredIssue> ValidationIssues { get; set; } = [];

    public long? SpecificationId { get; set; }

    public bool IsFinished => Status is AnalysisStatus.Succeeded or AnalysisStatus.Failed;
}
