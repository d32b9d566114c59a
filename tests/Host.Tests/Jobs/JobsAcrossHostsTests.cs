using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Jobs;

/// <summary>Two Hosts on one database are one cluster: jobs scheduled through either run on both.</summary>
public sealed class JobsAcrossHostsTests
{
    [Fact]
    public async Task Two_Hosts_on_one_database_both_run_jobs_scheduled_through_one_of_them()
    {
        var database = await TestDatabase.CreateAsync("jobcluster");
        await TestWork.CreateTableAsync(database);

        // One worker each: two jobs held at once can only be running on two different Hosts.
        var settings = new Dictionary<string, string?>(JobsHostFixture.FastSettings) { ["Jobs:WorkerThreads"] = "1" };
        await using var a = await TestHost.StartAsync("jobcluster", settings, services => TestWork.Register(services, "A"), database);
        await using var b = await TestHost.StartAsync("jobcluster", settings, services => TestWork.Register(services, "B"), database);
        var ids = new[] { $"cluster-{Guid.NewGuid():N}", $"cluster-{Guid.NewGuid():N}" };
        foreach (var id in ids)
        {
            await TestWork.InsertAsync(database, id, hold: true);
            await a.GetService<IJobScheduler>().ScheduleAsync(TestWork.Kind, id, CancellationToken.None);
        }

        var running = await Eventually.ValueAsync(async () =>
        {
            var rows = new List<TestWorkRow>();
            foreach (var id in ids)
            {
                var row = await TestWork.ReadAsync(database, id);
                Assert.Equal("RUNNING", row?.Status);
                rows.Add(row!);
            }

            return rows;
        }, TimeSpan.FromSeconds(60));
        Assert.Equal(["A", "B"], running.SelectMany(r => r.Nodes).Order());

        foreach (var id in ids)
        {
            await TestWork.ReleaseAsync(database, id);
        }

        await Eventually.AssertAsync(async () =>
        {
            foreach (var id in ids)
            {
                Assert.Equal(1, (await TestWork.ReadAsync(database, id))?.Applied);
            }
        });
    }
}
