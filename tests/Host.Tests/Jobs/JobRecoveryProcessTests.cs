using ProductDescriber.Host.Tests.PrivateCluster;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Jobs;

/// <summary>
/// Real Host processes (tests/TestHostApp) killed with SIGKILL at the two moments durable work can be lost: between
/// the row's commit and the scheduling (the sweep finds it), and while the job runs (the cluster recovers it).
/// </summary>
[Collection(HostProcessCollection.Name)]
public sealed class JobRecoveryProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Work_committed_by_a_process_killed_before_scheduling_is_done_after_a_restart_by_the_sweep()
    {
        var database = await CreateDatabaseAsync();
        var id = $"crash-{Guid.NewGuid():N}";
        await using (var first = StartHost(database))
        {
            var url = await first.WaitForUrlAsync(StartTimeout);
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => StartWorkAsync(url, id, hold: false, crashBeforeScheduling: true));
            await Eventually.TrueAsync(() => HasExited(first), "the Host to have killed itself");
        }

        var committed = await TestWork.ReadAsync(database, id);
        Assert.Equal("PENDING", committed?.Status);
        Assert.Equal(0, await TestWork.QueuedJobCountAsync(database, id));

        await using var second = StartHost(database);
        await second.WaitForUrlAsync(StartTimeout);
        var done = await Eventually.ValueAsync(async () =>
        {
            var row = await TestWork.ReadAsync(database, id);
            Assert.Equal("SUCCEEDED", row?.Status);
            return row!;
        }, StartTimeout);
        Assert.Equal(1, done.Applied);
        // The console logger writes from its own queue: the sweep's line can reach the output after the work is done.
        await Eventually.AssertAsync(() => Assert.Contains($"{TestWork.Kind}/{id} is unfinished and has no job", second.Output));
    }

    [Fact]
    public async Task A_job_running_in_a_killed_Host_runs_again_with_IsRecovery_and_is_applied_once()
    {
        var database = await CreateDatabaseAsync();
        var id = $"recover-{Guid.NewGuid():N}";
        await using (var first = StartHost(database))
        {
            var url = await first.WaitForUrlAsync(StartTimeout);
            Assert.True(await StartWorkAsync(url, id, hold: true, crashBeforeScheduling: false));
            await Eventually.AssertAsync(async () => Assert.Equal("RUNNING", (await TestWork.ReadAsync(database, id))?.Status));
            await first.KillAsync();
        }

        await using var second = StartHost(database);
        await second.WaitForUrlAsync(StartTimeout);
        await Eventually.AssertAsync(async () => Assert.Equal(1, (await TestWork.ReadAsync(database, id))?.Recoveries), StartTimeout);
        await TestWork.ReleaseAsync(database, id);

        var done = await Eventually.ValueAsync(async () =>
        {
            var row = await TestWork.ReadAsync(database, id);
            Assert.Equal("SUCCEEDED", row?.Status);
            return row!;
        });
        Assert.Equal(2, done.Runs);
        Assert.Equal(1, done.Applied);
        Assert.Equal(2, done.Nodes.Distinct().Count());
        await Eventually.AssertAsync(async () => Assert.Equal(0, await TestWork.QueuedJobCountAsync(database, id)));
    }

    [Fact]
    public async Task A_Host_stopped_while_a_job_runs_exits_promptly_and_the_job_finishes_after_the_restart()
    {
        var database = await CreateDatabaseAsync();
        var id = $"stop-{Guid.NewGuid():N}";
        string firstOutput;
        await using (var first = StartHost(database))
        {
            var url = await first.WaitForUrlAsync(StartTimeout);
            Assert.True(await StartWorkAsync(url, id, hold: true, crashBeforeScheduling: false));
            await Eventually.AssertAsync(async () => Assert.Equal("RUNNING", (await TestWork.ReadAsync(database, id))?.Status));

            Assert.Equal(0, await first.TerminateAsync(TimeSpan.FromSeconds(30)));
            firstOutput = first.Output;
        }

        var left = await TestWork.ReadAsync(database, id);
        Assert.Equal(("RUNNING", "shutdown"), (left?.Status, left?.CancelledBy));
        Assert.Equal(1, await TestWork.QueuedJobCountAsync(database, id)); // Released, not deleted: it runs again.
        await TestWork.ReleaseAsync(database, id);

        await using var second = StartHost(database);
        await second.WaitForUrlAsync(StartTimeout);
        var done = await Eventually.ValueAsync(async () =>
        {
            var row = await TestWork.ReadAsync(database, id);
            Assert.Equal("SUCCEEDED", row?.Status);
            return row!;
        }, StartTimeout);
        Assert.Equal(1, done.Applied);
        Assert.Equal(2, done.Runs);

        // A stop is not a crash: the stopping Host released its job, so the restart took it at once, neither as a
        // recovery nor through the sweep.
        Assert.True(done.Recoveries == 0, $"The restart ran the job as a recovery. First Host:\n{firstOutput}\nSecond Host:\n{second.Output}");
        Assert.DoesNotContain($"{TestWork.Kind}/{id} is unfinished and has no job", second.Output);

        // The job's row is settled after the work's own commit, so a moment after SUCCEEDED can be read (CI flake).
        await Eventually.AssertAsync(async () => Assert.Equal(0, await TestWork.QueuedJobCountAsync(database, id)));
    }

    private static async Task<string> CreateDatabaseAsync()
    {
        var database = await TestDatabase.CreateAsync("jobproc");
        await TestWork.CreateTableAsync(database);
        return database;
    }

    private static HostProcess StartHost(string database)
    {
        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = database,
            ["SECRET_KEY"] = TestHost.SecretKey,
            ["ADMIN_PASSWORD"] = TestHost.AdminPassword,
            ["Identity__BcryptWorkFactor"] = "10",
        };
        foreach (var (key, value) in JobsHostFixture.FastSettings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        // The sweep may take any work at once: what it must not take is work that has a job.
        environment["Jobs__SweepGrace"] = "00:00:00";
        return HostProcess.StartWithTestEvents(environment);
    }

    private static async Task<bool> StartWorkAsync(Uri url, string id, bool hold, bool crashBeforeScheduling)
    {
        using var response = await HostRequests.PostAsync(
            url,
            "mutation($id: String!, $hold: Boolean!, $crash: Boolean!) { startTestWork(id: $id, hold: $hold, crashBeforeScheduling: $crash) }",
            new { id, hold, crash = crashBeforeScheduling });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").GetProperty("startTestWork").GetBoolean();
    }

    private static bool HasExited(HostProcess host)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(host.Id);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
