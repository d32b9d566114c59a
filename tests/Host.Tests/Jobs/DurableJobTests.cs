using Npgsql;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Jobs;

/// <summary>Durable jobs on one Host: scheduled work runs once, scheduling is idempotent, the queue holds a job under a lease while it runs.</summary>
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
        await Eventually.AssertAsync(async () => Assert.Equal(0, await TestWork.QueuedJobCountAsync(fixture.ConnectionString, id)));
    }

    [Fact]
    public async Task Scheduling_the_same_work_twice_makes_one_job_that_runs_once()
    {
        var id = NewId();
        await TestWork.InsertAsync(fixture.ConnectionString, id, hold: true);
        await fixture.Jobs.ScheduleAsync(TestWork.Kind, id, CancellationToken.None);
        await WaitForStatusAsync(id, "RUNNING");

        await fixture.Jobs.ScheduleAsync(TestWork.Kind, id, CancellationToken.None);

        Assert.Equal(1, await TestWork.QueuedJobCountAsync(fixture.ConnectionString, id));
        await TestWork.ReleaseAsync(fixture.ConnectionString, id);
        var row = await WaitForStatusAsync(id, "SUCCEEDED");
        await Eventually.AssertAsync(async () => Assert.Equal(0, await TestWork.QueuedJobCountAsync(fixture.ConnectionString, id)));
        Assert.Equal(1, (await TestWork.ReadAsync(fixture.ConnectionString, id))!.Runs);
        Assert.Equal(1, row.Applied);
    }

    [Fact]
    public async Task The_queue_keeps_one_row_per_scheduled_work_in_schema_jobs_held_under_a_lease_while_it_runs()
    {
        var id = NewId();
        await TestWork.InsertAsync(fixture.ConnectionString, id, hold: true);
        await fixture.Jobs.ScheduleAsync(TestWork.Kind, id, CancellationToken.None);
        await WaitForStatusAsync(id, "RUNNING");

        await using var database = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using (var command = database.CreateCommand(
            "SELECT owner IS NOT NULL, lease_until > now(), runs FROM jobs.durable_jobs WHERE kind = $1 AND work_id = $2"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = TestWork.Kind });
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((true, true, 1), (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetInt32(2)));
        }

        await TestWork.ReleaseAsync(fixture.ConnectionString, id);
        await WaitForStatusAsync(id, "SUCCEEDED");
        await Eventually.AssertAsync(async () => Assert.Equal(0, await TestWork.QueuedJobCountAsync(fixture.ConnectionString, id)));
    }

    [Fact]
    public async Task Many_jobs_scheduled_at_once_each_run_exactly_once()
    {
        var ids = Enumerable.Range(0, 24).Select(_ => NewId()).ToList();
        foreach (var id in ids)
        {
            await TestWork.InsertAsync(fixture.ConnectionString, id, hold: false);
        }

        await Task.WhenAll(ids.Select(id => fixture.Jobs.ScheduleAsync(TestWork.Kind, id, CancellationToken.None)));

        foreach (var id in ids)
        {
            var row = await WaitForStatusAsync(id, "SUCCEEDED");
            Assert.Equal((1, 1, 0), (row.Runs, row.Applied, row.Recoveries));
        }
    }

    [Fact]
    public async Task A_job_whose_lease_lapsed_while_it_still_runs_here_is_not_started_a_second_time()
    {
        var id = NewId();
        await TestWork.InsertAsync(fixture.ConnectionString, id, hold: true);
        await fixture.Jobs.ScheduleAsync(TestWork.Kind, id, CancellationToken.None);
        await WaitForStatusAsync(id, "RUNNING");

        // As a heartbeat that came too late leaves it; then a second job makes the runner claim again.
        await ExecuteAsync("UPDATE jobs.durable_jobs SET lease_until = now() - interval '1 second' WHERE kind = $1 AND work_id = $2", TestWork.Kind, id);
        var other = NewId();
        await TestWork.InsertAsync(fixture.ConnectionString, other, hold: false);
        await fixture.Jobs.ScheduleAsync(TestWork.Kind, other, CancellationToken.None);
        await WaitForStatusAsync(other, "SUCCEEDED");

        Assert.Equal((1, 0), await RunsAndRecoveriesAsync(id));
        await TestWork.ReleaseAsync(fixture.ConnectionString, id);
        var row = await WaitForStatusAsync(id, "SUCCEEDED");
        Assert.Equal((1, 0, 1), (row.Runs, row.Recoveries, row.Applied));
        await Eventually.AssertAsync(async () => Assert.Equal(0, await TestWork.QueuedJobCountAsync(fixture.ConnectionString, id)));
    }

    [Fact]
    public async Task A_job_this_Host_could_not_settle_runs_again_here_as_a_recovery_once_its_lease_lapses()
    {
        // The row as a failed delete leaves it: still this Host's, no longer run nor renewed.
        var id = NewId();
        await TestWork.InsertAsync(fixture.ConnectionString, id, hold: false);
        var owner = fixture.Host.GetService<ProductDescriber.Jobs.JobRunner>().Owner;
        await ExecuteAsync(
            "INSERT INTO jobs.durable_jobs (kind, work_id, scheduled_at, owner, lease_until, runs) VALUES ($1, $2, now(), $3, now() - interval '1 second', 1)",
            TestWork.Kind, id, owner);

        var row = await WaitForStatusAsync(id, "SUCCEEDED");
        Assert.Equal((1, 1, 1), (row.Runs, row.Recoveries, row.Applied));
        await Eventually.AssertAsync(async () => Assert.Equal(0, await TestWork.QueuedJobCountAsync(fixture.ConnectionString, id)));
    }

    private async Task<(int Runs, int Recoveries)> RunsAndRecoveriesAsync(string id)
    {
        var row = await TestWork.ReadAsync(fixture.ConnectionString, id);
        return (row!.Runs, row.Recoveries);
    }

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var database = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var command = database.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
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
