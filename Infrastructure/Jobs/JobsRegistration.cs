using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Jobs;

namespace ProductDescriber.Jobs;

/// <summary>
/// Durable jobs for the Host: a queue table in PostgreSQL (schema <c>jobs</c>) that every Host claims from under a
/// lease, the <see cref="IJobScheduler"/> modules use, and the sweep that schedules unfinished work that lost its job.
/// See docs/adr/0024-durable-jobs.md and docs/adr/0032-job-queue-on-postgresql.md.
/// </summary>
public static class JobsRegistration
{
    /// <summary>
    /// Call right after <c>AddPostgreSQL</c>: the runner starts in a hosted service, which must come after the
    /// database and its migrations, and stops before the database does.
    /// </summary>
    public static IServiceCollection AddDurableJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(JobsOptions.Section);
        services.AddOptions<JobsOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidation>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobWakeUp>();
        services.AddSingleton<JobExecution>();
        services.AddSingleton<JobRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<JobRunner>());
        services.AddSingleton<PostgresJobScheduler>();
        services.AddSingleton<IJobScheduler>(provider => provider.GetRequiredService<PostgresJobScheduler>());
        services.AddHostedService<UnfinishedWorkSweep>();
        return services;
    }
}
