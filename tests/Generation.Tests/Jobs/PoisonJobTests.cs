using ProductDescriber.Generation.Requests;
using ProductDescriber.Generation.Tests.Providers;
using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests.Jobs;

/// <summary>
/// A poison job (a provider that always fails) ends FAILED after a bounded number of calls, and does not hold up the
/// Host's other jobs meanwhile (Generation:MaxConcurrentJobs is 4 by default; the fake provider has its own slots).
/// </summary>
[Collection(GeminiImageCollection.Name)]
public sealed class PoisonJobTests
{
    private readonly GeminiImageHost _host;

    public PoisonJobTests(GeminiImageHost host)
    {
        _host = host;
        _host.Fake.Reset();
    }

    [Fact]
    public async Task A_provider_that_always_fails_ends_its_request_FAILED_after_bounded_attempts_while_an_Offline_request_completes()
    {
        var fake = _host.Fake;
        var offlineDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            // The second call is held until the other request is done, so "meanwhile" is a fact, not a race.
            fake.Script(call => call == 2 ? FakeReply.Unavailable.After(offlineDone.Task) : FakeReply.Unavailable);
            using var admin = await _host.AdminAsync();
            var poison = await admin.StartGenerationAsync(new { productId = _host.Product.Id, prompt = "Poison.", count = 2, provider = fake.Provider });
            await fake.ArrivedAsync(2);

            var healthy = await admin.StartGenerationAsync(new { productId = _host.Product.Id, prompt = "Healthy.", count = 1, provider = "offline" });
            var healthyRow = await _host.Host.FinishedRowAsync(healthy);
            Assert.Equal(GenerationStatus.Succeeded, healthyRow.Status);
            Assert.Equal(GenerationStatus.Running, (await _host.Host.RequestRowAsync(poison)).Status);
            offlineDone.SetResult();

            var poisonRow = await _host.Host.FinishedRowAsync(poison);
            Assert.Equal(GenerationStatus.Failed, poisonRow.Status);
            Assert.Equal([(0, "UNAVAILABLE"), (1, "UNAVAILABLE")], poisonRow.FailureKinds());
            Assert.Equal(3 * 2, poisonRow.Attempts); // Generation:AttemptsPerImage per picture, one picture per Gemini call
            Assert.Equal(3 * 2, fake.RequestCount);
        }
        finally
        {
            offlineDone.TrySetResult();
        }
    }
}
