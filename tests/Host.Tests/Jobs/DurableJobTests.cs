using Npgsql;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Jobs;

/// <summary>Durable jobs on one Host: scheduled work runs once, scheduling is idempotent, Quartz keeps to its schema.</summary>
public sealed class DurableJobTests(JobsHostFixture fixture) : IClassFixture<JobsHostFixture>
{
    [Fact]
    public async Task A_scheduled_job_runs_once_and_leaves_no_job_behind()
    {
        var id = NewId();
        await TestWork.InsertAsync(fixture.ConnectionString, id, hold: false);

        await fixture.Jobs.ScheduleAsync(TestWork.Kind, id, CancellationToken.None);

        var row = await WaitForStatusAsync(id, "SUCCEEDED");
        Assert.Equal(1, row.Runs);
        Assert.Equal(1, row.Applied);
        Assert.Equal(0, row.Recoveries);
        await Eventually.AssertAsync(async () => Assert.Equal(0, await TestWork.QuartzJobCountAsync(fixture.ConnectionString, id)));
    }

    [Fact]
    public async Task Scheduling_the_same_work_twice_makes_one_job_that_runs_once()
    {
        var id = NewId();
        await TestWork.InsertAsync(fixture.ConnectionString, id, hold: true);
        await fixture.Jobs.ScheduleAsync(TestWork.Kind, id, CancellationToken.None);
        await WaitForStatusAsync(id, "RUNNING");

        await fixture.Jobs.ScheduleAsync(TestWork.Kind, id, CancellationToken.None);

        Assert.Equal(1, await TestWork.QuartzJobCountAsync(fixture.ConnectionString, id));
        await TestWork.ReleaseAsync(fixture.ConnectionString, id);
        var row = await WaitForStatusAsync(id, "SUCCEEDED");
        await Eventually.AssertAsync(async () => Assert.Equal(0, await TestWork.QuartzJobCountAsync(fixture.ConnectionString, id)));
        Assert.Equal(1, (await TestWork.ReadAsync(fixture.ConnectionString, id))!.Runs);
        Assert.Equal(1, row.Applied);
    }

    [Fact]
    public async Task Quartz_keeps_its_tables_in_schema_quartz()
    {
        await using var database = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var command = database.CreateCommand(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_name ILIKE '%qrtz%' ORDER BY table_name");
        var tables = new List<(string Schema, string Name)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.Contains(tables, t => t == ("quartz", "qrtz_job_details"));
        Assert.Contains(tables, t => t == ("quartz", "qrtz_triggers"));
        Assert.Contains(tables, t => t == ("quartz", "qrtz_fired_triggers"));
        Assert.Contains(tables, t => t == ("quartz", "qrtz_scheduler_state"));
        Assert.All(tables, t => Assert.Equal("quartz", t.Schema));
    }

    private async Task<TestWorkRow> WaitForStatusAsync(string id, string status) =>
        await Eventually.ValueAsync(async () =>
        {
            var row = await TestWork.ReadAsync(fixture.ConnectionString, id);
            Assert.Equal(status, row?.Status);
            return row!;
        });

    private static string NewId() => $"work-{Guid.NewGuid():N}";
}
