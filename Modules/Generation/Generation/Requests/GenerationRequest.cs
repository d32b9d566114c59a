using ProductDescriber.Generation.Contracts;

namespace ProductDescriber.Generation.Requests;

internal enum GenerationStatus
{
    Pending,
    Running,
    Succeeded,
    Partial,
    Failed,
    Cancelled,
}

/// <summary>
/// One request for new pictures of a product, and what became of it. Everything the provider is sent (prompt,
/// photos, specification, settings) is fixed when the request is written, so a job re-run after a crash sends the
/// same thing and every image can say where it came from. Moved on from PENDING only by the generation job, and
/// by <c>cancelGeneration</c>.
/// </summary>
internal sealed class GenerationRequest : IGenerationRequestKey
{
    public long Id { get; init; }

    public long ProductId { get; init; }

    public long? RequestedById { get; init; }

    /// <summary>The client's key for this request: the same key from the same user returns this request again.</summary>
    public string? IdempotencyKey { get; init; }

    public string Prompt { get; init; } = "";

    public string? CustomPromptOverride { get; init; }

    /// <summary>The exact text sent to the provider.</summary>
    public string EffectivePrompt { get; init; } = "";

    /// <summary>SHA-256 of <see cref="EffectivePrompt"/> (UTF-8), lower-case hex: recorded in each image's provenance.</summary>
    public string PromptSha256 { get; init; } = "";

    /// <summary>Specification paths whose confidence was below the threshold, so the prompt did not state them as facts.</summary>
    public string[] UncertainFields { get; init; } = [];

    /// <summary>As the API spells it, e.g. "16:9".</summary>
    public string AspectRatio { get; init; } = "1:1";

    /// <summary>"1K", "2K" or "4K".</summary>
    public string Resolution { get; init; } = "1K";

    /// <summary>Images requested, with indices 0 .. Count - 1.</summary>
    public int Count { get; init; }

    public string? Seed { get; init; }

    public long SpecificationId { get; init; }

    public int SpecificationVersion { get; init; }

    /// <summary>The provider's registry name, chosen when the request was written.</summary>
    public string Provider { get; init; } = "";

    /// <summary>The model that answered (from the provider's usage report); the configured one until then.</summary>
    public string? Model { get; set; }

    /// <summary>The photos sent, primary first, cut to what the provider accepts.</summary>
    public long[] ReferenceImageIds { get; init; } = [];

    /// <summary>Whether each stored picture is described back into the template and compared with the specification (ADR 0037).</summary>
    public bool DescribeImages { get; init; }

    /// <summary>The vision provider that describes them, chosen at submit; null when <see cref="DescribeImages"/> is false.</summary>
    public string? DescribeProvider { get; init; }

    /// <summary>The request this one repeats against a newer specification (<c>regenerateStaleImages</c>).</summary>
    public long? RegeneratedFromId { get; init; }

    public GenerationStatus Status { get; set; }

    /// <summary>Images stored so far.</summary>
    public int ImagesDone { get; set; }

    /// <summary>Provider calls made, retries and re-runs after a crash included.</summary>
    public int Attempts { get; set; }

    public int? InputTokens { get; set; }

    public int? OutputTokens { get; set; }

    /// <summary>Time spent in provider calls, in milliseconds.</summary>
    public long? DurationMs { get; set; }

    /// <summary>Why each missing image is missing, once the request is finished (or failed so far).</summary>
    public List<ImageFailure> Failures { get; set; } = [];

    public string? ErrorKind { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>Set by <c>cancelGeneration</c>; the job that runs the request stops at once when it sees it.</summary>
    public DateTimeOffset? CancelRequestedAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public bool IsFinished => Status is GenerationStatus.Succeeded or GenerationStatus.Partial or GenerationStatus.Failed or GenerationStatus.Cancelled;
}

/// <summary>Why image <paramref name="Index"/> of a request was not made: an error kind (e.g. SAFETY_BLOCK,
/// RATE_LIMITED, NO_IMAGE, INVALID_IMAGE) and the provider's words.</summary>
internal sealed record ImageFailure(int Index, string Kind, string Message);
