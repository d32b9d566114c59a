using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.Specs.Tests.Providers;
using ProductDescriber.Specs.Tests.Support;

namespace ProductDescriber.Specs.Tests;

/// <summary>
/// Analysis runs across the failures durable jobs exist for: a Host killed mid-run, a run started on one Host and
/// watched on another, a run whose job was never scheduled. The provider is the OpenAI fake, which holds a request
/// until the test lets it answer.
/// </summary>
public sealed class AnalysisCrashTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The brief's short settings: a dead Host is noticed within seconds, lost work swept within seconds.</summary>
    private static readonly Dictionary<string, string?> FastJobs = new()
    {
        ["Jobs:CheckinInterval"] = "00:00:01",
        ["Jobs:CheckinMisfireThreshold"] = "00:00:02",
        ["Jobs:SweepInterval"] = "00:00:02",
        ["Jobs:SweepGrace"] = "00:00:01",
        ["Jobs:PollInterval"] = "00:00:01",
    };

    [Fact]
    public async Task A_Host_killed_while_a_run_is_RUNNING_leaves_it_to_the_next_Host_which_finishes_it_with_at_most_one_version()
    {
        var database = await TestDatabase.CreateAsync("specskill");
        var storage = Directory.CreateTempSubdirectory("pd-specs-kill-").FullName;
        await using var fake = await OpenAIVision.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string runId;
        string productId;
        string filled;
        try
        {
            await using (var first = HostProcess.Start(Environment(database, storage, fake)))
            {
                using var admin = await AdminAsync(await first.WaitForUrlAsync(StartTimeout));
                filled = $"```yaml\n{ProviderFlowTests.Filled(await ProviderFlowTests.TemplateTextAsync(admin))}```";
                fake.HoldThen(release.Task, filled);
                productId = await admin.ProductWithPhotosAsync();
                runId = await admin.StartAnalysisAsync(productId, fake.Provider);

                // The provider has the request: the job is mid-call, and the run says so.
                await fake.Server.Arrived.Task.WaitAsync(StartTimeout);
                Assert.Equal("RUNNING", (await admin.RunAsync(runId)).Json("status"));
                await first.KillAsync();
            }

            fake.AnswerWith(filled);
            await using var second = HostProcess.Start(Environment(database, storage, fake));
            using var again = await AdminAsync(await second.WaitForUrlAsync(StartTimeout));
            var run = await again.FinishedRunAsync(runId, StartTimeout);

            var versions = await again.VersionsAsync(productId);
            Assert.True(versions.Length <= 1, $"versions: {string.Join(", ", versions)}");
            if (run.Json("status") == "SUCCEEDED")
            {
                Assert.Equal(run.GetProperty("specification").GetProperty("version").GetInt32(), Assert.Single(versions));
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(run.Json("errorKind")), run.ToString());
                Assert.False(string.IsNullOrWhiteSpace(run.Json("errorMessage")), run.ToString());
            }

            // The killed call, then at least the one that finished the run.
            Assert.True(fake.RequestCount >= 2, $"{fake.RequestCount} request(s)");
        }
        finally
        {
            release.TrySetResult();
            Directory.Delete(storage, recursive: true);
        }
    }

    [Fact]
    public async Task A_run_scheduled_through_Host_B_is_reported_to_a_subscriber_on_Host_A_until_its_final_state()
    {
        await using var fake = await OpenAIVision.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = new Dictionary<string, string?>(FastJobs);
        foreach (var (key, value) in fake.HostSettings)
        {
            settings[key] = value;
        }

        var storage = Directory.CreateTempSubdirectory("pd-specs-hosts-").FullName;
        settings["STORAGE_LOCAL_ROOT"] = storage;
        try
        {
            // B alone first, so the job can only be running on B: what A's subscriber then hears of it crossed over.
            await using var b = await TestHost.StartAsync("specsb", settings);
            using var adminB = await b.AdminAsync();
            fake.HoldThen(release.Task, $"```yaml\n{ProviderFlowTests.Filled(await ProviderFlowTests.TemplateTextAsync(adminB))}```");
            var productId = await adminB.ProductWithPhotosAsync();
            var runId = await adminB.StartAnalysisAsync(productId, fake.Provider);
            await fake.Server.Arrived.Task.WaitAsync(StartTimeout);

            await using var a = await TestHost.StartAsync("specsa", settings, connectionString: b.ConnectionString);
            using var adminA = await a.AdminAsync();
            await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(a.WebSocketUrl, adminA.Token);
            await socket.SubscribeAsync("run", SpecsApi.RunSubscription, new { id = runId });
            var first = await socket.ReceiveAsync(StartTimeout);
            Assert.Equal("RUNNING", first.GetProperty("payload").GetProperty("data").GetProperty("analysisRunChanged").Json("status"));

            release.SetResult();
            var rest = await socket.ReadUntilCompleteAsync("run", StartTimeout);
            var last = rest[^1].GetProperty("data").GetProperty("analysisRunChanged");
            Assert.Equal("SUCCEEDED", last.Json("status"));
            Assert.Equal(1, last.GetProperty("specification").GetProperty("version").GetInt32());
            Assert.Equal(1, fake.RequestCount);
        }
        finally
        {
            release.TrySetResult();
            Directory.Delete(storage, recursive: true);
        }
    }

    [Fact]
    public async Task A_run_committed_without_its_job_is_scheduled_by_the_sweep_and_finished()
    {
        await using var fake = await OpenAIVision.StartAsync();
        var settings = new Dictionary<string, string?>(FastJobs);
        foreach (var (key, value) in fake.HostSettings)
        {
            settings[key] = value;
        }

        var scheduler = new LosingFirstSchedule();
        await using var host = await TestHost.StartAsync("specssweep", settings, scheduler.Register);
        using var admin = await host.AdminAsync();
        fake.AnswerWith($"```yaml\n{ProviderFlowTests.Filled(await ProviderFlowTests.TemplateTextAsync(admin))}```");
        var productId = await admin.ProductWithPhotosAsync();

        // The mutation commits the run and its scheduling is lost, as a crash between the two would leave it.
        var runId = await admin.StartAnalysisAsync(productId, fake.Provider);
        var run = await admin.FinishedRunAsync(runId);

        Assert.Equal("SUCCEEDED", run.Json("status"));
        var versions = await admin.VersionsAsync(productId);
        Assert.Equal([1], versions);
        // Its one scheduling through the API was lost and nothing else asked for it again: the sweep, which
        // schedules straight on the queue, is what ran it.
        var workId = Assert.Single(scheduler.Lost);
        Assert.DoesNotContain(workId, scheduler.Scheduled);
    }

    private static Dictionary<string, string> Environment(string database, string storage, FakeVision fake)
    {
        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = database,
            ["SECRET_KEY"] = TestHost.SecretKey,
            ["ADMIN_PASSWORD"] = TestHost.AdminPassword,
            ["Identity__BcryptWorkFactor"] = "10",
            ["STORAGE_LOCAL_ROOT"] = storage,
        };
        foreach (var (key, value) in FastJobs.Concat(fake.HostSettings))
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        return environment;
    }

    private static async Task<GraphQLClient> AdminAsync(Uri graphQLUrl)
    {
        var client = new GraphQLClient(new HttpClient { BaseAddress = new Uri(graphQLUrl, "/") });
        await client.LoginAsync("admin", TestHost.AdminPassword);
        return client;
    }

    /// <summary>The Host's scheduler, except that the first analysis job asked for is never scheduled (the call
    /// fails after the run's commit, which the mutation logs and leaves to the sweep).</summary>
    private sealed class LosingFirstSchedule
    {
        public ConcurrentBag<string> Lost { get; } = [];

        public ConcurrentBag<string> Scheduled { get; } = [];

        public void Register(IServiceCollection services)
        {
            var real = services.Last(d => d.ServiceType == typeof(IJobScheduler));
            services.Remove(real);
            services.AddSingleton<IJobScheduler>(provider => new Losing(
                this,
                (IJobScheduler)(real.ImplementationFactory?.Invoke(provider) ?? ActivatorUtilities.CreateInstance(provider, real.ImplementationType!))));
        }

        private sealed class Losing(LosingFirstSchedule owner, IJobScheduler inner) : IJobScheduler
        {
            private int _lost;

            public Task ScheduleAsync(string kind, string workId, CancellationToken cancellationToken)
            {
                if (kind == "specs.analysis" && Interlocked.Exchange(ref _lost, 1) == 0)
                {
                    owner.Lost.Add(workId);
                    throw new InvalidOperationException("Scheduling lost (test): as if the process had died after the commit.");
                }

                owner.Scheduled.Add(workId);
                return inner.ScheduleAsync(kind, workId, cancellationToken);
            }

            public Task ScheduleAsync(string kind, string workId, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
                inner.ScheduleAsync(kind, workId, notBefore, cancellationToken);
        }
    }
}
