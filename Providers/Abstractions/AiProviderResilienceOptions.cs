namespace ProductDescriber.Providers.Abstractions;

/// <summary>
/// A provider's reading of a failed reply (status, whole body, the <c>Retry-After</c> header as a wait): its typed
/// error, whose kind and <see cref="AiProviderException.RetryAfter"/> the policy acts on. The same mapping the
/// provider uses to throw, so the policy and the caller never disagree about what a reply meant.
/// </summary>
public delegate AiProviderException AiFailureReader(int status, byte[] body, TimeSpan? retryAfter);

/// <summary>
/// What <see cref="AiProviderResilience.AddAiProviderResilience"/> does for one provider's HttpClient. Usually made
/// from the provider's settings by <see cref="AiProviderOptions.ResilienceOptions"/>.
/// </summary>
public sealed class AiProviderResilienceOptions
{
    /// <summary>The provider's name (lower case), for logs and the default error reading.</summary>
    public required string Provider { get; init; }

    /// <summary>How long one attempt may take, reply body included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Optional: a request's own attempt timeout (image calls run longer than chat calls); null keeps
    /// <see cref="AttemptTimeout"/>.</summary>
    public Func<HttpRequestMessage, TimeSpan?>? AttemptTimeoutOf { get; set; }

    /// <summary>How long one call may take from its first attempt to its last answer, back-off included. Null: twice
    /// the attempt timeout, so retries of quick failures fit but a call never runs on for many full attempts.</summary>
    public TimeSpan? Deadline { get; set; }

    /// <summary>Attempts after the first. Zero turns retries off.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off when the server names no wait; doubles per retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A longer server wait is not slept through: the call fails at once with the wait in
    /// <see cref="AiProviderException.RetryAfter"/>, for the caller to schedule.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Calls in flight at once through this client; more wait in a queue (the wait is not part of the
    /// deadline: the caller's cancellation bounds it).</summary>
    public int MaxConcurrency { get; set; } = 2;

    /// <summary>The provider's error mapping; null reads the status alone (<see cref="AiRetryRules.FromStatus"/>).</summary>
    public AiFailureReader? ReadFailure { get; set; }

    internal TimeSpan AttemptTimeoutFor(HttpRequestMessage? request) =>
        (request is null ? null : AttemptTimeoutOf?.Invoke(request)) ?? AttemptTimeout;

    internal TimeSpan DeadlineFor(HttpRequestMessage? request) => Deadline ?? (2 * AttemptTimeoutFor(request));

    internal AiProviderException Read(int status, byte[] body, TimeSpan? retryAfter) =>
        ReadFailure?.Invoke(status, body, retryAfter) ?? AiRetryRules.FromStatus(Provider, status, retryAfter);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Provider);
        Require(AttemptTimeout > TimeSpan.Zero && (Deadline is not { } deadline || deadline > TimeSpan.Zero), "the timeouts must be positive");
        Require(MaxRetries >= 0, "MaxRetries must not be negative");
        Require(MaxConcurrency >= 1, "MaxConcurrency must be at least 1");
        Require(RetryDelay >= TimeSpan.Zero && MaxRetryAfter >= TimeSpan.Zero, "retry waits must not be negative");
    }

    private void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{Provider}: {message}.");
        }
    }
}
