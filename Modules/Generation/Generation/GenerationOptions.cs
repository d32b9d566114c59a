namespace ProductDescriber.Generation;

/// <summary>Settings of section <c>Generation</c>.</summary>
internal sealed class GenerationOptions
{
    /// <summary>Longest user prompt, in characters (the override too).</summary>
    public int MaxPromptLength { get; set; } = 4000;

    /// <summary>Specification fields with a confidence below this are not stated as facts in the prompt.</summary>
    public double ConfidenceThreshold { get; set; } = 0.5;

    /// <summary>What the prompt does with those fields: <c>List</c> them as uncertain, or <c>Omit</c> them.</summary>
    public UncertainFieldHandling UncertainFields { get; set; } = UncertainFieldHandling.List;

    /// <summary>Requests of one product that may be PENDING or RUNNING at once (each is paid).</summary>
    public int MaxUnfinishedRequestsPerProduct { get; set; } = 5;

    /// <summary>Generation jobs running at once in this Host; more wait their turn.</summary>
    public int MaxConcurrentJobs { get; set; } = 4;

    /// <summary>Generation jobs calling one provider at once in this Host (its rate limits are per key).</summary>
    public int MaxConcurrentJobsPerProvider { get; set; } = 2;

    /// <summary>Provider calls per image when the provider fails transiently (after its own HTTP retries).</summary>
    public int AttemptsPerImage { get; set; } = 3;

    /// <summary>First wait between those calls; doubled each time, unless the provider names its own wait.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait the job accepts before calling again (a longer Retry-After fails the image).</summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a running job checks whether its request was cancelled, besides the bus's immediate
    /// notice (which is at-most-once).</summary>
    public TimeSpan CancelPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A stored picture whose colours differ from its specification's by more than this CIEDE2000 delta E (mean over
    /// the primary, secondary and accent colours) is flagged; 10 is a score of 60. Default 10, from the fixture
    /// photos (ADR 0033): Offline composites of them measure 7.3 to 8.0 (new backdrop, shading, an accent colour the
    /// primary photo barely shows), the same pictures with the hue turned 40 degrees 12.3; and above 10 two colours
    /// read as different colours rather than shades of one.
    /// </summary>
    public double FidelityDeltaEThreshold { get; set; } = 10;
}

internal enum UncertainFieldHandling
{
    List,
    Omit,
}
