using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using ProductDescriber.BuildingBlocks.Jobs;
using Quartz;

namespace ProductDescriber.Jobs;

/// <summary>
/// Durable jobs for the Host: Quartz.NET on the clustered PostgreSQL job store (tables in schema <c>quartz</c>), the
/// <see cref="IJobScheduler"/> modules use, and the sweep that schedules unfinished work that lost its job.
/// See docs/adr/0024-durable-jobs.md.
/// </summary>
public static class JobsRegistration
{
    /// <summary>Scheduler instances of one product share this name: that is what makes them one cluster.</summary>
    internal const string SchedulerName = "ProductDescriber";

    /// <summary>
    /// Call right after <c>AddPostgreSQL()</c>: the scheduler starts in a hosted service, which must come after the
    /// database and its migrations, and stops before the database does.
    /// </summary>
    public static IServiceCollection AddDurableJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(JobsOptions.Section);
        services.AddOptions<JobsOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidation>();
        services.TryAddSingleton(TimeProvider.System);

        // Read now because Quartz is configured now; invalid values are refused by the validation above at start,
        // before the scheduler is built from them.
        var settings = section.Get<JobsOptions>() ?? new JobsOptions();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = SchedulerName;
                scheduler.GenerateInstanceId = true;
                scheduler.IdleWaitTime = settings.PollInterval;

                // Shutdown cancels running jobs' tokens; they leave their work for recovery (DurableJobContext.ShuttingDown).
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            quartz.UseDefaultThreadPool(Math.Max(1, settings.WorkerThreads));
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(database => database.DataSourceFactory = provider => provider.GetRequiredService<NpgsqlDataSource>());
                store.ConfigureStore(ado => ado.TablePrefix = SchedulerStartup.Schema + ".qrtz_");
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = settings.CheckinInterval;
                    cluster.CheckinMisfireThreshold = settings.CheckinMisfireThreshold;
                });
                store.UseSystemTextJsonSerializer(_ => { });
                store.ProvisionSchema();
            });
        });

        services.AddSingleton<SchedulerStartup>();
        services.AddHostedService(provider => provider.GetRequiredService<SchedulerStartup>());
        services.AddSingleton<IJobScheduler, QuartzJobScheduler>();
        services.AddHostedService<UnfinishedWorkSweep>();
        return services;
    }
}
