using ProductDescriber.Specs.Tests.Support;

namespace ProductDescriber.Specs.Tests.Providers;

/// <summary>A Host whose only remote vision provider is a fake server, started first so the settings can name it.</summary>
public abstract class ProviderFlowHost : SpecsHostFixture
{
    public FakeVision Fake { get; private set; } = null!;

    protected abstract Task<FakeVision> StartFakeAsync();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(Fake.HostSettings)
    {
        ["Jobs:PollInterval"] = "00:00:01",

        // The job's own wait when the provider names none; a Retry-After of 1 s is waited as given.
        ["Specs:RetryDelay"] = "00:00:00.200",
    };

    public override async Task InitializeAsync()
    {
        Fake = await StartFakeAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

public sealed class OpenAIFlowHost : ProviderFlowHost
{
    protected override async Task<FakeVision> StartFakeAsync() => await OpenAIVision.StartAsync();
}

public sealed class GeminiFlowHost : ProviderFlowHost
{
    protected override async Task<FakeVision> StartFakeAsync() => await GeminiVision.StartAsync();
}
