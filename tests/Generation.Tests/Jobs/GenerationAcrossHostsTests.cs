using ProductDescriber.Generation.Requests;
using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests.Jobs;

/// <summary>
/// Two Hosts on one database and one storage folder, each with its own fake Gemini: whichever fake is called tells
/// which Host the cluster gave the job to, so a test can act on the other one.
/// </summary>
public sealed class TwoHosts : IAsyncLifetime
{
    private readonly string _storage = Directory.CreateTempSubdirectory("pd-generation-hosts-").FullName;

    public TestHost A { get; private set; } = null!;

    public TestHost B { get; private set; } = null!;

    public GeminiImages FakeA { get; private set; } = null!;

    public GeminiImages FakeB { get; private set; } = null!;

    public PhotographedProduct Product { get; private set; } = null!;

    /// <summary>The Host whose fake was called (the one running the job), its fake, and the other Host.</summary>
    public async Task<(TestHost Runner, GeminiImages Fake, TestHost Other)> RunnerAsync()
    {
        await Eventually.TrueAsync(() => FakeA.RequestCount + FakeB.RequestCount > 0, "a Host to call its provider", GenerationSteps.JobTimeout);
        return FakeA.RequestCount > 0 ? (A, FakeA, B) : (B, FakeB, A);
    }

    public void Script(Func<int, FakeReply> script)
    {
        FakeA.Reset();
        FakeB.Reset();
        FakeA.Script(script);
        FakeB.Script(script);
    }

    public async Task InitializeAsync()
    {
        FakeA = await GeminiImages.StartAsync();
        FakeB = await GeminiImages.StartAsync();
        A = await TestHost.StartAsync("genhosta", Settings(FakeA));
        B = await TestHost.StartAsync("genhostb", Settings(FakeB), connectionString: A.ConnectionString);
        using var admin = await A.AdminAsync();
        Product = await admin.PhotographedProductAsync();
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await FakeA.DisposeAsync();
        await FakeB.DisposeAsync();
        Directory.Delete(_storage, recursive: true);
    }

    private Dictionary<string, string?> Settings(GeminiImages fake) => new(fake.HostSettings)
    {
        ["STORAGE_LOCAL_ROOT"] = _storage,
        ["Jobs:CheckinInterval"] = "00:00:01",
        ["Jobs:CheckinMisfireThreshold"] = "00:00:02",
        ["Jobs:SweepInterval"] = "00:00:02",
        ["Jobs:SweepGrace"] = "00:00:01",
        ["Jobs:PollInterval"] = "00:00:01",
    };
}

/// <summary>A generation whose job runs on one Host, followed and cancelled from the other.</summary>
public sealed class GenerationAcrossHostsTests(TwoHosts hosts) : IClassFixture<TwoHosts>
{
    private const string Subscription = "subscription($id: ID!) { generationChanged(requestId: $id) { id status progress { done } } }";

    [Fact]
    public async Task A_subscriber_on_the_other_Host_receives_every_state_of_the_job_until_it_ends()
    {
        // Each call is held until the test lets it answer, so every state is stable until the subscriber saw it.
        TaskCompletionSource[] answers = [New(), New(), New()];
        try
        {
            hosts.Script(call => FakeReply.Picture().After(answers[Math.Min(call, answers.Length) - 1].Task));
            using var admin = await hosts.A.AdminAsync();
            var requestId = await admin.StartGenerationAsync(new { productId = hosts.Product.Id, prompt = "Across Hosts.", count = 3, provider = "gemini" });
            var (_, runnerFake, other) = await hosts.RunnerAsync();
            using var otherAdmin = await other.AdminAsync();
            await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(other.WebSocketUrl, otherAdmin.Token);
            await socket.SubscribeAsync("g", Subscription, new { id = requestId });

            Assert.Equal(("RUNNING", 0), State(await socket.ReceiveNextAsync("g", GenerationSteps.JobTimeout)));
            for (var done = 1; done < answers.Length; done++)
            {
                answers[done - 1].SetResult();
                Assert.Equal(("RUNNING", done), State(await socket.ReceiveNextAsync("g", GenerationSteps.JobTimeout)));
            }

            answers[^1].SetResult();
            var rest = (await socket.ReadUntilCompleteAsync("g", GenerationSteps.JobTimeout)).Select(State).ToList();
            Assert.Equal(("SUCCEEDED", 3), rest[^1]);
            Assert.All(rest, s => Assert.Equal(3, s.ImagesDone));
            Assert.Equal(3, runnerFake.RequestCount);
            Assert.Equal(3, hosts.FakeA.RequestCount + hosts.FakeB.RequestCount);
        }
        finally
        {
            foreach (var answer in answers)
            {
                answer.TrySetResult();
            }
        }
    }

    [Fact]
    public async Task Cancelling_on_the_other_Host_aborts_the_provider_call_where_the_job_runs()
    {
        hosts.Script(call => call == 1 ? FakeReply.Picture() : FakeReply.Hold());
        using var admin = await hosts.A.AdminAsync();
        var requestId = await admin.StartGenerationAsync(new { productId = hosts.Product.Id, prompt = "Stop me from afar.", count = 3, provider = "gemini" });
        var (runner, runnerFake, other) = await hosts.RunnerAsync();
        await runnerFake.ArrivedAsync(2);
        using var otherAdmin = await other.AdminAsync();

        var payload = await otherAdmin.CancelAsync(requestId);

        Assert.Empty(payload.Errors());
        await runnerFake.AbortedAsync(2);
        var row = await runner.FinishedRowAsync(requestId);
        Assert.Equal((GenerationStatus.Cancelled, 1), (row.Status, row.ImagesDone));
        Assert.Equal([0], (await runner.ImageRowsAsync(requestId)).Select(i => i.Index));
        Assert.Equal(2, runnerFake.RequestCount);
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static (string? Status, int ImagesDone) State(System.Text.Json.JsonElement payload)
    {
        var request = payload.GetProperty("data").GetProperty("generationChanged");
        return (request.Json("status"), request.GetProperty("progress").GetProperty("done").GetInt32());
    }
}
