using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Http;

/// <summary>
/// One Host per test class (xunit makes a new class instance per test, so the class itself cannot hold it), with
/// the transport test fields registered and an admin token ready.
/// </summary>
public abstract class HttpHostFixture : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string AdminToken { get; private set; } = null!;

    protected abstract string Name { get; }

    protected virtual Dictionary<string, string?> Settings => [];

    protected virtual bool LogsInAdmin => true;

    public virtual async Task InitializeAsync()
    {
        Host = await TestHost.StartAsync(Name, Settings, services =>
        {
            HttpTestFields.Register(services);
            ConfigureServices(services);
        });
        Http = Host.CreateClient();
        Http.Timeout = TimeSpan.FromMinutes(2);
        if (LogsInAdmin)
        {
            using var admin = await Host.AdminAsync();
            AdminToken = admin.Token!;
        }
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
