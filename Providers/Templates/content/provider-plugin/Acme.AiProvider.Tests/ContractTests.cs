using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.ContractKit;

namespace Acme.AiProvider.Tests;

/// <summary>
/// What every provider must do (the contract kit), against the provider your module registers. Point BaseUrl at a
/// fake server on 127.0.0.1 once the provider calls an API: never at the real one.
/// </summary>
public sealed class ContractTests : AiProviderContractTests
{
    private const string TestKey = "test-key-never-shown";

    protected override IAiProvider CreateProvider()
    {
        var services = new ServiceCollection();
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ProviderOptions.SectionName + ":ApiKey"] = TestKey,
        }).Build();
        new ProviderModule().Register(services, settings);
        return services.BuildServiceProvider().GetServices<IAiProvider>().Single();
    }

    protected override IReadOnlyCollection<string> ConfiguredSecrets => [TestKey];
}
