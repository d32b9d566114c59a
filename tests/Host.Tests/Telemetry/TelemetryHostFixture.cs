using Microsoft.AspNetCore.Http;
using Npgsql;
using ProductDescriber.Host.Tests.Http;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Telemetry;

/// <summary>
/// A Host exporting to in-memory exporters, with the transport test fields, a database password, and Gemini
/// configured against a local server that refuses every call (the HTTP client span is what matters, not the answer).
/// </summary>
public sealed class TelemetryHostFixture : IAsyncLifetime
{
    public const string GeminiKey = "gemini-key-that-must-stay-secret-5d1c";

    /// <summary>The test cluster's real password, which the Host holds in its connection string.</summary>
    public string DatabasePassword { get; private set; } = null!;

    internal CapturedTelemetry Telemetry { get; } = new();

    internal RecordingServer Gemini { get; private set; } = null!;

    public TestHost Host { get; private set; } = null!;

    public string AdminToken { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gemini = await RecordingServer.StartAsync(StatusCodes.Status400BadRequest, "application/json");
        var connectionString = await TestDatabase.CreateAsync("telemetry");
        DatabasePassword = new NpgsqlConnectionStringBuilder(connectionString).Password
            ?? throw new InvalidOperationException("The test cluster is expected to require a password.");
        Host = await TestHost.StartAsync(
            "telemetry",
            new Dictionary<string, string?>
            {
                ["Providers:Gemini:ApiKey"] = GeminiKey,
                ["Providers:Gemini:BaseUrl"] = new Uri(Gemini.BaseUrl, "v1beta/").ToString(),
                ["Providers:Gemini:MaxRetries"] = "0",
            },
            services =>
            {
                HttpTestFields.Register(services);
                Telemetry.Register(services);
            },
            connectionString);
        using var admin = await Host.AdminAsync();
        AdminToken = admin.Token!;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Gemini.DisposeAsync();
    }
}

/// <summary>
/// Metrics are process-wide (one static meter), so the tests that compare counter readings run alone, after the
/// parallel tests, with no other Host adding to them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
