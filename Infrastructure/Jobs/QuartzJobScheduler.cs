using ProductDescriber.BuildingBlocks.Jobs;
using Quartz;

namespace ProductDescriber.Jobs;

/// <summary>
/// <see cref="IJobScheduler"/> on Quartz: one non-durable job per (kind, work id) with one trigger firing now, marked
/// for recovery, so a Host dying under it makes another Host (or the restarted one) run it again.
/// </summary>
internal sealed class QuartzJobScheduler(SchedulerStartup startup) : IJobScheduler
{
    public async Task ScheduleAsync(string kind, string workId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(workId);
        var scheduler = await startup.Started.WaitAsync(cancellationToken);
        var job = JobBuilder.Create<DurableJobAdapter>()
            .WithIdentity(JobKeys.For(kind, workId))
            .RequestRecovery(true)
            .StoreDurably(false)
            .Build();

        // Fire now; if every Host is busy or down past the misfire threshold, still fire as soon as one can.
        var trigger = TriggerBuilder.Create()
            .WithIdentity(JobKeys.TriggerFor(kind, workId))
            .ForJob(job)
            .StartNow()
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        try
        {
            await scheduler.ScheduleJob(job, trigger, default, cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Already scheduled or running: at least once is what was asked.
        }
    }
}
