using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.Host;

namespace ProductDescriber.TestSupport;

/// <summary>
/// Builds and starts the Host exactly as Program does (AddProductDescriber, Build, UseProductDescriber, start),
/// without WebApplicationFactory. For start-up failures only: when the Host refuses to start, the factory races
/// its own teardown and often reports an ObjectDisposedException instead of the Host's reason. Here StartAsync
/// throws the reason itself, and a setting can be truly unset (null), not just empty. <c>services</c> adds to the
/// Host's own registrations, e.g. a test-only contribution.
/// </summary>
public static class ProgramHost
{
    public static async Task StartAndStopAsync(string environment, IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ApplicationName = typeof(ProductDescriberHost).Assembly.GetName().Name,
        });
        var all = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = await TestDatabase.CreateAsync("program"),
            ["SECRET_KEY"] = TestHost.SecretKey,
            ["Identity:BcryptWorkFactor"] = "10",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(all);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddProductDescriber();
        services?.Invoke(builder.Services);
        await using var app = builder.Build();
        app.UseProductDescriber();
        await app.StartAsync();
        await app.StopAsync();
    }
}
