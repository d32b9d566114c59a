using ProductDescriber.Host.Tests.PrivateCluster;

namespace ProductDescriber.Host.Tests;

/// <summary>
/// The built Host, run as `dotnet ProductDescriber.Host.dll` is, refuses a configuration mistake with one line that
/// names the setting as the user wrote it, exit code 78 and no stack trace. The checks run before any service starts
/// (the DATABASE_URL given points nowhere); only the private cluster's start begins earlier, and a refusal stops it.
/// </summary>
[Collection(HostProcessCollection.Name)]
public sealed class StartupRefusalTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Production_without_a_secret_and_an_admin_password_exits_78_naming_both()
    {
        var output = await RefusedAsync(new() { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        Assert.Contains("SECRET_KEY must be set", output, StringComparison.Ordinal);
        Assert.Contains("ADMIN_PASSWORD must be set", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_from_the_environment_is_named_as_the_variable_the_user_set()
    {
        var output = await RefusedAsync(new() { ["Identity__BcryptWorkFactor"] = "4" });

        Assert.Contains("Identity__BcryptWorkFactor must be between 10 and 16.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_setting_that_cannot_work_is_named_as_the_variable_the_user_set()
    {
        var output = await RefusedAsync(new() { ["Providers__openai__MaxRetries"] = "lots" });

        Assert.Contains("Providers__openai__MaxRetries cannot be read as a whole number", output, StringComparison.Ordinal);
        Assert.Contains("'openai'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_plugin_folder_is_named_as_the_variable_the_user_set()
    {
        var missing = Path.Combine(Path.GetTempPath(), "pd-no-such-plugins-" + Guid.NewGuid().ToString("N"));

        var output = await RefusedAsync(new() { ["Providers__PluginPaths__0"] = missing });

        Assert.Contains($"Providers__PluginPaths__0: the plugin folder '{missing}' does not exist.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Providers:PluginPaths", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_start_stops_the_private_cluster_it_began_to_start()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"pd-refused-{Guid.NewGuid():N}");
        try
        {
            var output = await RefusedAsync(
                new() { ["Identity__BcryptWorkFactor"] = "4", ["Database__DataDirectory"] = dataDirectory },
                databaseUrl: null);

            Assert.Contains("Identity__BcryptWorkFactor must be between 10 and 16.", output, StringComparison.Ordinal);
            var serverLog = await File.ReadAllTextAsync(Path.Combine(dataDirectory, "postgres.log"));
            Assert.Contains("database system is ready to accept connections", serverLog, StringComparison.Ordinal);
            Assert.EndsWith("database system is shut down", serverLog.TrimEnd(), StringComparison.Ordinal);
            Assert.Null(ClusterCommands.PostmasterPid(dataDirectory));
        }
        finally
        {
            await ClusterCommands.RemoveAsync(dataDirectory);
        }
    }

    /// <summary>Runs the Host, expects exit code 78 and one refusal line (a stack trace would be more lines), and returns everything it printed.</summary>
    private static async Task<string> RefusedAsync(
        Dictionary<string, string> environment, string? databaseUrl = "postgresql://nobody:nothing@127.0.0.1:9/none")
    {
        if (databaseUrl is not null)
        {
            environment["DATABASE_URL"] = databaseUrl;
        }

        await using var host = HostProcess.Start(environment);

        var exitCode = await host.WaitForExitAsync(ExitTimeout);

        var output = host.Output;
        Assert.True(exitCode == 78, $"Exit code {exitCode}, output:\n{output}");
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Product Describer cannot start: ", line, StringComparison.Ordinal);
        Assert.EndsWith("(exit code 78: a setting to fix)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        return output;
    }
}
