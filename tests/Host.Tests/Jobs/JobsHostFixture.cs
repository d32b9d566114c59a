using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Jobs;

/// <summary>One Host with the test-work job on a fresh database, short check-in and poll intervals.</summary>
public sealed class JobsHostFixture : IAsyncLifetime
{
    public static readonly Dictionary<string, string?> FastSettings = new()
    {
        ["Jobs:CheckinInterval"] = "00:00:01",
        ["Jobs:CheckinMisfireThreshold"] = "00:00:02",
        ["Jobs:PollInterval"] = "00:00:01",
        ["Jobs:SweepInterval"] = "00:00:01",
        ["Jobs:SweepGrace"] = "00:00:02",
    };

    public TestHost Host { get; private set; } = null!;

    public string ConnectionString => Host.ConnectionString;

    public IJobScheduler Jobs => Host.GetService<IJobScheduler>();

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync("jobs");
        await TestWork.CreateTableAsync(database);
        Host = await TestHost.StartAsync("jobs", FastSettings, services => TestWork.Register(services), database);
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
