using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.ContractKit;
using ProductDescriber.Providers.Gemini.Tests.Support;

namespace ProductDescriber.Providers.Gemini.Tests;

/// <summary>The Gemini provider, registered through its real module and pointed at a fake that answers like the API, passes the contract kit.</summary>
public sealed class GeminiContractTests(GeminiContractServer server) : AiProviderContractTests, IClassFixture<GeminiContractServer>
{
    protected override IAiProvider CreateProvider() => server.Harness.Provider;

    protected override IReadOnlyCollection<string> ConfiguredSecrets => [GeminiFixtures.ApiKey];
}

/// <summary>One fake Gemini and provider for the whole contract class.</summary>
public sealed class GeminiContractServer : IAsyncLifetime
{
    internal GeminiHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Harness = await GeminiHarness.StartAsync();
        var fake = Harness.Fake;
        fake.Respond = (context, number) => RealisticGemini.Respond(fake, context, number);
    }

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}
