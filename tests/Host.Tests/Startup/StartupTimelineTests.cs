using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Startup;

/// <summary>
/// The built Host with <c>Logging__LogLevel__ProductDescriber.Startup=Debug</c> tells where its start-up time went:
/// one line per phase, from the configuration to the first GraphQL answer, with times since the process started.
/// </summary>
[Collection(HostProcessCollection.Name)]
public sealed partial class StartupTimelineTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"pd-timeline-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_fresh_start_logs_every_phase_at_debug_in_order_of_time()
    {
        var environment = new Dictionary<string, string>
        {
            ["Database__DataDirectory"] = _dataDirectory,
            ["Logging__LogLevel__ProductDescriber.Startup"] = "Debug",
        };
        await using var host = HostProcess.Start(environment);
        var url = await host.WaitForUrlAsync(StartTimeout);
        using (var http = new HttpClient())
        {
            var response = await http.PostAsJsonAsync(url, new { query = "mutation { login(input: {username: \"admin\", password: \"admin123\"}) { accessToken } }" });
            response.EnsureSuccessStatusCode();
        }

        await Eventually.AssertAsync(() => Assert.Contains("first GraphQL request answered", host.Output, StringComparison.Ordinal), StartTimeout);
        var phases = PhaseLine().Matches(host.Output).Select(m => (Phase: m.Groups[1].Value, AtMs: long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();

        string[] expected =
        [
            "configuration read",
            "services registered (AI provider modules loaded)",
            "services built",
            "PostgreSQL: data folder prepared",
            "PostgreSQL: cluster made (initdb, password)",
            "PostgreSQL: server started (pg_ctl start)",
            "PostgreSQL: application database ready",
            "migrations of schema identity",
            "migrations of schema costs",
            "seed AdminSeeder",
            "job queue ready",
            "event bus listening",
            "AI provider registry built",
            "GraphQL schema built (beside the database's start)",
            "listening (Kestrel started)",
            "first GraphQL request answered (200)",
        ];
        var names = phases.Select(p => p.Phase).ToList();
        Assert.All(expected, phase => Assert.Contains(phase, names));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.True(phases.Zip(phases.Skip(1)).All(pair => pair.First.AtMs <= pair.Second.AtMs), "Times go back: " + string.Join(", ", phases));

        // The stages that depend on each other are logged in that order.
        Assert.True(names.IndexOf("configuration read") < names.IndexOf("services built"));
        Assert.True(names.IndexOf("PostgreSQL: server started (pg_ctl start)") < names.IndexOf("migrations of schema identity"));
        Assert.True(names.IndexOf("migrations of schema costs") < names.IndexOf("seed AdminSeeder"));
        Assert.True(names.IndexOf("GraphQL schema built (beside the database's start)") < names.IndexOf("listening (Kestrel started)"));
        Assert.True(names.IndexOf("seed AdminSeeder") < names.IndexOf("listening (Kestrel started)"));
        // The event bus listens in the background, so its mark may fall anywhere after the database's.
        Assert.True(names.IndexOf("listening (Kestrel started)") < names.IndexOf("first GraphQL request answered (200)"));
        Assert.Equal(0, await host.InterruptAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Without_debug_for_its_category_the_timeline_is_not_logged()
    {
        await using var host = HostProcess.Start(new Dictionary<string, string> { ["Database__DataDirectory"] = _dataDirectory });
        await host.WaitForUrlAsync(StartTimeout);
        Assert.DoesNotContain("Start-up:", host.Output, StringComparison.Ordinal);
        Assert.Equal(0, await host.InterruptAsync(TimeSpan.FromSeconds(30)));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"Start-up: (.+) at (\d+) ms \(\+-?\d+ ms\)")]
    private static partial Regex PhaseLine();
}
