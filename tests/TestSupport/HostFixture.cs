using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ProductDescriber.TestSupport;

/// <summary>
/// One Host per test class (xunit creates the class once per test, the fixture once per class). Subclass to give
/// settings or services.
/// </summary>
public class HostFixture : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;

    protected virtual IDictionary<string, string?>? Settings => null;

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Virtual so a subclass can start what the settings point at (a fake AI server) before the Host.</summary>
    public virtual async Task InitializeAsync() => Host = await TestHost.StartAsync(GetType().Name.ToLowerInvariant(), Settings, ConfigureServices);

    public virtual async Task DisposeAsync() => await Host.DisposeAsync();
}
