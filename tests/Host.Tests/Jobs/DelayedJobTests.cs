using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Jobs;

/// <summary><c>IJobScheduler.ScheduleAsync(kind, workId, notBefore)</c>: no Host claims the job before its time, and it runs once that time came.</summary>
public sealed class DelayedJobTests(JobsHostFixture fixture) : IClassFixture<JobsHostFixture>
{
    [Fact]
    public async Task A_job_scheduled_for_later_waits_while_jobs_due_now_run_past_it()
    {
        var later = $"later-{Guid.NewGuid():N}";
        var now = $"now-{Guid.NewGuid():N}";
        await TestWork.InsertAsync(fixture.ConnectionString, later, hold: false);
        await TestWork.InsertAsync(fixture.ConnectionString, now, hold: false);

        await fixture.Jobs.ScheduleAsync(TestWork.Kind, later, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        await fixture.Jobs.ScheduleAsync(TestWork.Kind, now, CancellationToken.None);

        // The runner claimed and ran the job due now, so it looked at the queue after the later one was in it.
        await Eventually.AssertAsync(async () => Assert.Equal(1, (await TestWork.ReadAsync(fixture.ConnectionString, now))?.Applied));
        await Eventually.AssertAsync(async () => Assert.Equal(0, await TestWork.QueuedJobCountAsync(fixture.ConnectionString, now)));
        var waiting = await TestWork.ReadAsync(fixture.ConnectionString, later);
        Assert.Equal(0, waiting!.Runs);
        Assert.Equal(1, await TestWork.QueuedJobCountAsync(fixture.ConnectionString, later));
    }

    [Fact]
    public async Task A_job_scheduled_a_moment_ahead_runs_once_its_time_came()
    {
        var id = $"soon-{Guid.NewGuid():N}";
        await TestWork.InsertAsync(fixture.ConnectionString, id, hold: false);

        await fixture.Jobs.ScheduleAsync(TestWork.Kind, id, DateTimeOffset.UtcNow.AddSeconds(1), CancellationToken.None);

        await Eventually.AssertAsync(async () => Assert.Equal(1, (await TestWork.ReadAsync(fixture.ConnectionString, id))?.Applied));
    }

    [Fact]
    public async Task Scheduling_later_work_that_already_has_a_job_keeps_the_one_job()
    {
        var id = $"twice-{Guid.NewGuid():N}";
        await TestWork.InsertAsync(fixture.ConnectionString, id, hold: false);

        await fixture.Jobs.ScheduleAsync(TestWork.Kind, id, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        await fixture.Jobs.ScheduleAsync(TestWork.Kind, id, DateTimeOffset.UtcNow.AddHours(2), CancellationToken.None);

        Assert.Equal(1, await TestWork.QueuedJobCountAsync(fixture.ConnectionString, id));
    }
}
