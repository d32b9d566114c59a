using Microsoft.Extensions.Options;

namespace ProductDescriber.Jobs;

/// <summary>The <c>Jobs</c> section: how this Host takes part in running durable jobs.</summary>
internal sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Jobs this Host runs at once.</summary>
    public int WorkerThreads { get; set; } = 4;

    /// <summary>How often this Host renews the leases of the jobs it runs (tells the cluster it is alive).</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>How late a renewal may be before the other Hosts take this one for dead and recover its jobs.</summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one execution of a job may take before its token is cancelled.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the sweep looks for unfinished work without a job.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How old unfinished work must be before the sweep schedules it (younger work is still being scheduled).</summary>
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an idle Host waits before it looks for jobs again when no event told it of one (events from other
    /// Hosts wake it at once; the poll catches lost events and the expired leases of a dead Host).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Refuses settings the scheduler would misbehave with, naming the setting and the value.</summary>
internal sealed class JobsOptionsValidation : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var failures = new List<string>();
        if (options.WorkerThreads is < 1 or > 256)
        {
            failures.Add($"Jobs:WorkerThreads must be between 1 and 256 (is {options.WorkerThreads}).");
        }

        Positive(failures, nameof(JobsOptions.CheckinInterval), options.CheckinInterval);
        Positive(failures, nameof(JobsOptions.CheckinMisfireThreshold), options.CheckinMisfireThreshold);
        Positive(failures, nameof(JobsOptions.Deadline), options.Deadline);
        Positive(failures, nameof(JobsOptions.SweepInterval), options.SweepInterval);
        if (options.PollInterval < TimeSpan.FromMilliseconds(100))
        {
            // Each poll is a statement on every Host: below this the database pays for idle Hosts.
            failures.Add($"Jobs:PollInterval must be at least 00:00:00.1 (is {options.PollInterval}).");
        }
        if (options.SweepGrace < TimeSpan.Zero)
        {
            failures.Add($"Jobs:SweepGrace must not be negative (is {options.SweepGrace}).");
        }

        // A threshold under the interval would have Hosts declare each other dead between two healthy check-ins.
        if (options.CheckinMisfireThreshold < options.CheckinInterval)
        {
            failures.Add($"Jobs:CheckinMisfireThreshold ({options.CheckinMisfireThreshold}) must be at least Jobs:CheckinInterval ({options.CheckinInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Jobs:{setting} must be a positive duration such as 00:00:30 (is {value}).");
        }
    }
}
