using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Generation.Requests;
using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests.Jobs;

/// <summary>
/// One generation job at a time (so a second request waits PENDING behind a held one), against a fake Gemini that
/// holds calls as a test says, with the job's executions observable.
/// </summary>
public class CancelHost : GenerationHostFixture
{
    public GeminiImages Fake { get; private set; } = null!;

    public PhotographedProduct Product { get; private set; } = null!;

    public JobRuns Runs => Host.Services.GetRequiredService<JobRuns>();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(Fake.HostSettings)
    {
        ["Jobs:PollInterval"] = "00:00:01",
        ["Generation:MaxConcurrentJobs"] = "1",
        ["Generation:RetryDelay"] = "00:00:00.050",
    };

    protected override void ConfigureServices(IServiceCollection services) => JobRuns.Register(services);

    public override async Task InitializeAsync()
    {
        Fake = await GeminiImages.StartAsync();
        await base.InitializeAsync();
        using var admin = await AdminAsync();
        Product = await admin.PhotographedProductAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

/// <summary>
/// cancelGeneration and deleteGeneration against running, waiting and finished requests, over the public API: the
/// provider call in flight is aborted (the fake sees the client go), pictures already stored stay (cancel) or go with
/// their files (delete), and only the requester or an admin may do either.
/// </summary>
public sealed class GenerationCancelTests : IClassFixture<CancelHost>
{
    private const string Subscription = "subscription($id: ID!) { generationChanged(requestId: $id) { id status progress { done } errorKind } }";

    private readonly CancelHost _host;

    public GenerationCancelTests(CancelHost host)
    {
        _host = host;
        _host.Fake.Reset();
    }

    [Fact]
    public async Task Cancelling_a_running_request_aborts_its_provider_call_and_ends_it_CANCELLED_keeping_the_pictures_stored()
    {
        var fake = _host.Fake;
        fake.Script(call => call == 1 ? FakeReply.Picture() : FakeReply.Hold());
        using var admin = await _host.AdminAsync();
        var requestId = await StartAsync(admin, count: 3);
        await fake.ArrivedAsync(2);
        await _host.Host.RowAsync(requestId, r => r.ImagesDone == 1, "holding one picture");
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(_host.Host.WebSocketUrl, admin.Token);
        await socket.SubscribeAsync("g", Subscription, new { id = requestId });

        var payload = await admin.CancelAsync(requestId);

        Assert.Empty(payload.Errors());
        await fake.AbortedAsync(2);
        var states = await socket.ReadUntilCompleteAsync("g", GenerationSteps.JobTimeout);
        var last = states[^1].GetProperty("data").GetProperty("generationChanged");
        Assert.Equal(("CANCELLED", 1, "CANCELLED"), (last.Json("status"), last.GetProperty("progress").GetProperty("done").GetInt32(), last.Json("errorKind")));
        var row = await _host.Host.RequestRowAsync(requestId);
        Assert.Equal(GenerationStatus.Cancelled, row.Status);
        Assert.NotNull(row.CompletedAt);
        var image = Assert.Single(await _host.Host.ImageRowsAsync(requestId));
        Assert.Equal(0, image.Index);
        Assert.True(_host.FileExists(image.StorageKey), image.StorageKey);
        Assert.Equal(2, fake.RequestCount);
    }

    [Fact]
    public async Task Cancelling_a_PENDING_request_ends_it_CANCELLED_at_once_and_its_job_then_does_nothing()
    {
        var fake = _host.Fake;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            fake.Script(_ => FakeReply.Picture().After(release.Task));
            using var admin = await _host.AdminAsync();
            var running = await StartAsync(admin, count: 1);
            await fake.ArrivedAsync(1);
            var waiting = await StartAsync(admin, count: 1);
            Assert.Equal(GenerationStatus.Pending, (await _host.Host.RequestRowAsync(waiting)).Status);

            var payload = await admin.CancelAsync(waiting);

            Assert.Empty(payload.Errors());
            Assert.Equal("CANCELLED", payload.GetProperty("request").Json("status"));
            release.SetResult();
            Assert.Equal(GenerationStatus.Succeeded, (await _host.Host.FinishedRowAsync(running)).Status);
            await _host.Runs.EndedAsync(waiting).WaitAsync(GenerationSteps.JobTimeout);
            var row = await _host.Host.RequestRowAsync(waiting);
            Assert.Equal((GenerationStatus.Cancelled, 0, null), (row.Status, row.Attempts, row.StartedAt));
            Assert.Equal("CANCELLED", row.ErrorKind);
            Assert.Empty(await _host.Host.ImageRowsAsync(waiting));
            Assert.Equal(1, fake.RequestCount);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task Cancelling_a_finished_request_is_AlreadyFinishedError_and_changes_nothing()
    {
        using var admin = await _host.AdminAsync();
        var requestId = await StartAsync(admin, count: 1);
        Assert.Equal(GenerationStatus.Succeeded, (await _host.Host.FinishedRowAsync(requestId)).Status);

        var payload = await admin.CancelAsync(requestId);

        var error = Assert.Single(payload.Errors());
        Assert.Equal(("AlreadyFinishedError", requestId, "SUCCEEDED"), (error.Json("__typename"), error.Json("requestId"), error.Json("status")));
        var row = await _host.Host.RequestRowAsync(requestId);
        Assert.Equal(GenerationStatus.Succeeded, row.Status);
        Assert.Null(row.CancelRequestedAt);
    }

    [Fact]
    public async Task Another_member_may_neither_cancel_nor_delete_a_request_and_it_keeps_running()
    {
        var fake = _host.Fake;
        fake.Script(_ => FakeReply.Hold());
        using var admin = await _host.AdminAsync();
        var member = await _host.Host.CreateUserAsync();
        using var other = _host.Host.CreateGraphQLClient(member.Token);
        var requestId = await StartAsync(admin, count: 1);
        await fake.ArrivedAsync(1);

        var cancel = await other.CancelAsync(requestId);
        var delete = await other.DeleteAsync(requestId);

        Assert.Equal("ForbiddenError", Assert.Single(cancel.Errors()).Json("__typename"));
        Assert.Equal("ForbiddenError", Assert.Single(delete.Errors()).Json("__typename"));
        var row = await _host.Host.RequestRowAsync(requestId);
        Assert.Equal((GenerationStatus.Running, null), (row.Status, row.CancelRequestedAt));

        // Its requester (here an admin) may: the call is aborted, which also frees the Host's one job slot.
        Assert.Empty((await admin.CancelAsync(requestId)).Errors());
        await fake.AbortedAsync(1);
        Assert.Equal(GenerationStatus.Cancelled, (await _host.Host.FinishedRowAsync(requestId)).Status);
    }

    [Fact]
    public async Task Deleting_a_running_request_stops_its_job_and_removes_its_rows_and_files()
    {
        var fake = _host.Fake;
        fake.Script(call => call == 1 ? FakeReply.Picture() : FakeReply.Hold());
        using var admin = await _host.AdminAsync();
        var requestId = await StartAsync(admin, count: 3);
        await fake.ArrivedAsync(2);
        await _host.Host.RowAsync(requestId, r => r.ImagesDone == 1, "holding one picture");
        var stored = Assert.Single(await _host.Host.ImageRowsAsync(requestId)).StorageKey;
        Assert.True(_host.FileExists(stored), stored);

        var payload = await admin.DeleteAsync(requestId);

        Assert.Empty(payload.Errors());
        Assert.Equal(requestId, payload.Json("deletedRequestId"));
        await fake.AbortedAsync(2);
        await _host.Runs.EndedAsync(requestId).WaitAsync(GenerationSteps.JobTimeout);
        Assert.Null(await _host.Host.FindRowAsync(requestId));
        Assert.Empty(await _host.Host.ImageRowsAsync(requestId));
        Assert.False(_host.FileExists(stored), stored);
        Assert.True(GenerationIds.TryRequest(requestId, out var id));
        var folder = Path.GetDirectoryName(Path.Combine(_host.StorageRoot, stored))!;
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder, $"{id}_*").Any(), "a picture of the deleted request is still stored");
        Assert.Equal(2, fake.RequestCount);
    }

    private Task<string> StartAsync(GraphQLClient admin, int count) =>
        admin.StartGenerationAsync(new { productId = _host.Product.Id, prompt = "Cancel me, perhaps.", count, provider = _host.Fake.Provider });
}
