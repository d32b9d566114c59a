using Microsoft.Extensions.Options;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Jobs;

/// <summary>The per-execution deadline, and the <c>Jobs</c> settings refused at start.</summary>
public sealed class JobDeadlineAndSettingsTests
{
    [Fact]
    public async Task A_job_past_its_deadline_is_cancelled_with_DeadlineExceeded_and_fails_its_work()
    {
        var database = await TestDatabase.CreateAsync("jobdeadline");
        await TestWork.CreateTableAsync(database);
        var settings = new Dictionary<string, string?>(JobsHostFixture.FastSettings) { ["Jobs:Deadline"] = "00:00:02" };
        await using var host = await TestHost.StartAsync("jobdeadline", settings, services => TestWork.Register(services), database);
        var id = $"deadline-{Guid.NewGuid():N}";
        await TestWork.InsertAsync(database, id, hold: true);

        await host.GetService<ProductDescriber.BuildingBlocks.Jobs.IJobScheduler>().ScheduleAsync(TestWork.Kind, id, CancellationToken.None);

        var row = await Eventually.ValueAsync(async () =>
        {
            var current = await TestWork.ReadAsync(database, id);
            Assert.Equal("FAILED", current?.Status);
            return current!;
        });
        Assert.Equal("deadline", row.CancelledBy);
        Assert.Equal(0, row.Applied);
        await Eventually.AssertAsync(async () => Assert.Equal(0, await TestWork.QueuedJobCountAsync(database, id)));
    }

    [Theory]
    [InlineData("Jobs:WorkerThreads", "0", "Jobs:WorkerThreads must be between 1 and 256")]
    [InlineData("Jobs:Deadline", "00:00:00", "Jobs:Deadline must be a positive duration")]
    [InlineData("Jobs:SweepInterval", "-00:00:01", "Jobs:SweepInterval must be a positive duration")]
    [InlineData("Jobs:CheckinMisfireThreshold", "00:00:01", "Jobs:CheckinMisfireThreshold (00:00:01) must be at least Jobs:CheckinInterval (00:00:07.5000000)")]
    [InlineData("Jobs:PollInterval", "00:00:00.050", "Jobs:PollInterval must be at least 00:00:00.1")]
    public async Task The_Host_refuses_to_start_with_a_bad_Jobs_setting_and_says_which(string setting, string value, string message)
    {
        // Options validation may report several failures at once (an AggregateException); ours must be there.
        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            TestHost.StartAsync("jobsettings", new Dictionary<string, string?> { [setting] = value }));

        Assert.True(failure is OptionsValidationException or AggregateException, failure.ToString());
        Assert.Contains(message, failure.Message);
    }
}
