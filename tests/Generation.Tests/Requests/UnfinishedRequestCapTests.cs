using ProductDescriber.Generation.Tests.Jobs;
using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests.Requests;

/// <summary>Two unfinished generations per product at most (a client repeating generateImages cannot queue paid jobs without end).</summary>
public sealed class CappedHost : CancelHost
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings)
    {
        ["Generation:MaxUnfinishedRequestsPerProduct"] = "2",
    };
}

/// <summary>
/// Generation:MaxUnfinishedRequestsPerProduct: requests beyond the cap are refused with a CONFLICT that says why,
/// nothing is stored for them, concurrent submits cannot slip past it together, and a finished request frees its place.
/// </summary>
public sealed class UnfinishedRequestCapTests : IClassFixture<CappedHost>
{
    private readonly CappedHost _host;

    public UnfinishedRequestCapTests(CappedHost host)
    {
        _host = host;
        _host.Fake.Reset();
    }

    [Fact]
    public async Task Concurrent_submits_beyond_the_cap_are_refused_store_nothing_and_a_finished_request_frees_a_place()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            // Every provider call waits, so accepted requests stay RUNNING or PENDING while the others arrive.
            _host.Fake.Script(_ => FakeReply.Picture().After(release.Task));
            using var admin = await _host.AdminAsync();
            var before = await _host.Host.RequestCountAsync();

            var payloads = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
                admin.GenerateAsync(new { productId = _host.Product.Id, prompt = $"Attempt {i}", provider = _host.Fake.Provider })));

            var accepted = payloads.Where(p => p.GetProperty("errors").GetArrayLength() == 0).ToList();
            var refused = payloads.Where(p => p.GetProperty("errors").GetArrayLength() > 0).ToList();
            Assert.Equal((2, 4), (accepted.Count, refused.Count));
            Assert.All(refused, p =>
            {
                var error = Assert.Single(p.GetProperty("errors").EnumerateArray());
                Assert.Equal(("ConflictError", "CONFLICT"), (error.Json("__typename"), error.Json("code")));
                Assert.Contains("at most 2", error.Json("message"));
                Assert.Equal(System.Text.Json.JsonValueKind.Null, p.GetProperty("request").ValueKind);
            });
            Assert.Equal(before + 2, await _host.Host.RequestCountAsync());

            release.SetResult();
            foreach (var payload in accepted)
            {
                await _host.Host.FinishedRowAsync(payload.GetProperty("request").Json("id")!);
            }

            var again = await admin.GenerateAsync(new { productId = _host.Product.Id, prompt = "After the others finished", provider = _host.Fake.Provider });
            Assert.Equal(0, again.GetProperty("errors").GetArrayLength());
            await _host.Host.FinishedRowAsync(again.GetProperty("request").Json("id")!);
        }
        finally
        {
            release.TrySetResult();
        }
    }
}
