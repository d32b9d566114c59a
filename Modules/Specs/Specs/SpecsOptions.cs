namespace ProductDescriber.Specs;

/// <summary>Settings of section <c>Specs</c>.</summary>
internal sealed class SpecsOptions
{
    /// <summary>Analyses of one product that may be PENDING or RUNNING at once: each is a paid call, so a client
    /// repeating the mutation cannot queue them without end.</summary>
    public int MaxUnfinishedRunsPerProduct { get; set; } = 5;

    /// <summary>Provider calls per analysis when the provider fails transiently (after its own HTTP retries).</summary>
    public int AnalysisAttempts { get; set; } = 3;

    /// <summary>First wait between those calls; doubled each time, unless the provider names its own wait.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait the job accepts before calling again (a longer Retry-After fails the run).</summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromMinutes(2);
}
