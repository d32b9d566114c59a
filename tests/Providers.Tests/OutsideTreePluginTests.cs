using System.Diagnostics;
using System.Text.RegularExpressions;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Providers.Tests;

/// <summary>
/// The integrator's path, outside the repository, as docs/writing-a-provider.md walks it: pack the seam, the kit and
/// the template; install the template; create a plugin with a hyphenated name; `dotnet test` it against the packed
/// packages only; publish it; start the built Host with it, configured through environment variables; find it in
/// the `providers` query. Three things keep it from touching the machine: packages get a version of their own
/// (so no cached 1.0.0 can stand in), restore writes to a package folder of its own (falling back on the machine's
/// for xunit and friends, so it needs no network when the repository was restored), and the template goes into a
/// template hive of its own. Everything it creates is deleted afterwards.
/// </summary>
public sealed partial class OutsideTreePluginTests : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);
    private readonly string _root = Directory.CreateTempSubdirectory("pd-outside-tree-").FullName;

    [Fact]
    public async Task A_plugin_made_from_the_template_against_the_packed_packages_passes_the_kit_and_is_listed_by_the_Host()
    {
        var seam = typeof(IAiProvider).Assembly.GetName().Version!;
        var version = $"{seam.Major}.{seam.Minor}.0-ci.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        var feed = Path.Combine(_root, "feed");
        var hive = Path.Combine(_root, "template-hive");
        var plugins = Path.Combine(_root, "plugins");

        // 1. Pack: `dotnet pack ProviderPackages.slnf` (here into a feed of its own, with the run's version).
        await RunAsync(Repository.Root, "pack", "ProviderPackages.slnf", $"-p:PackageOutputPath={feed}", $"-p:Version={version}");

        // 2. Install the template and create a plugin from it.
        await RunAsync(_root, "new", "install", Path.Combine(feed, $"ProductDescriber.Providers.Templates.{version}.nupkg"), "--debug:custom-hive", hive);
        await RunAsync(_root, "new", "pd-provider", "-n", "Mock.Vision", "--provider", "mock-vision", "--seam-version", version, "--feed", feed, "--debug:custom-hive", hive);

        // 3. Test it with the kit: a vision-only provider passes, and its image tests are skipped, not passed.
        var tests = await RunAsync(Path.Combine(_root, "Mock.Vision"), "test");
        var summary = TestSummary().Match(tests);
        Assert.True(summary.Success, tests);
        Assert.Equal(("0", "8", "4"), (summary.Groups["failed"].Value, summary.Groups["passed"].Value, summary.Groups["skipped"].Value));

        // 4. Publish it into a plugin folder of its own, and configure it from the environment, '-' written '_'.
        await RunAsync(Path.Combine(_root, "Mock.Vision"), "publish", "Mock.Vision", "-c", "Release", "-o", Path.Combine(plugins, "mock-vision"));
        Assert.False(File.Exists(Path.Combine(plugins, "mock-vision", "ProductDescriber.Providers.Abstractions.dll")), "The seam was published with the plugin.");
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = await TestDatabase.CreateAsync("outside_tree"),
            ["ADMIN_PASSWORD"] = TestHost.AdminPassword,
            ["Providers__PluginPaths__0"] = plugins,
            ["Providers__mock_vision__ApiKey"] = "mock-key-never-shown",
        });
        var url = await host.WaitForUrlAsync(TimeSpan.FromSeconds(90));

        // 5. The Host lists it, configured.
        using var client = new GraphQLClient(new HttpClient { BaseAddress = new Uri(url, "/") });
        await client.LoginAsync("admin", TestHost.AdminPassword);
        var providers = (await client.QueryAsync("{ providers { name capabilities visionModel imageModel isConfigured } }")).GetProperty("providers");
        var mock = Assert.Single(providers.EnumerateArray(), p => p.GetProperty("name").GetString() == "mock-vision");
        Assert.Equal(["VISION"], mock.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("mock-vision-vision-1", mock.GetProperty("visionModel").GetString());
        Assert.True(mock.GetProperty("isConfigured").GetBoolean(), "Providers__mock_vision__ApiKey did not reach the mock-vision provider.");
        Assert.DoesNotContain("mock-key-never-shown", providers.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("AI providers:", host.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Runs the dotnet CLI as an integrator's shell would, and returns its output; a failure shows it.</summary>
    private async Task<string> RunAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Not the test run's MSBuild and test-platform settings: a shell would not have them.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["NUGET_FALLBACK_PACKAGES"] = MachinePackages();
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_root, "nuget-packages");
        // No build servers left running after the test: MSBuild nodes and the compiler server end with each command.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await error;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited {process.ExitCode}:\n{text}");
        return text;
    }

    /// <summary>Where this machine's restores put packages (xunit, SkiaSharp...), read as a fallback, never written.</summary>
    private static string MachinePackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    [GeneratedRegex(@"Failed:\s+(?<failed>\d+), Passed:\s+(?<passed>\d+), Skipped:\s+(?<skipped>\d+)")]
    private static partial Regex TestSummary();
}
