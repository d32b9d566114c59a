using ProductDescriber.Providers.Abstractions;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Providers.Tests;

/// <summary>Plugin folders that cannot be used refuse start-up, naming the path, instead of being skipped.</summary>
public sealed class PluginStartupTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pd-plugin-startup-" + Guid.NewGuid().ToString("N"));

    public PluginStartupTests() => Directory.CreateDirectory(_root);

    [Fact]
    public async Task A_missing_plugin_folder_refuses_start_up()
    {
        var missing = Path.Combine(_root, "not-there");

        var error = await RefusedAsync(("Providers:PluginPaths:0", missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_folder_without_a_plugin_refuses_start_up()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;
        File.WriteAllText(Path.Combine(empty, "Readme.dll"), "not a plugin by name");

        var error = await RefusedAsync(("Providers:PluginPaths:0", empty));

        Assert.Contains(empty, error.Message, StringComparison.Ordinal);
        Assert.Contains(".Plugin.dll", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_that_cannot_be_loaded_refuses_start_up()
    {
        var broken = Path.Combine(Directory.CreateDirectory(Path.Combine(_root, "broken")).FullName, "Broken.Plugin.dll");
        File.WriteAllBytes(broken, [0x4D, 0x5A, 1, 2, 3, 4]);

        var error = await RefusedAsync(("Providers:PluginPaths:0", Path.GetDirectoryName(broken)));

        Assert.Contains(broken, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_plugins_with_one_provider_name_refuse_start_up()
    {
        EchoPluginHost.CopyPlugin(Path.Combine(_root, "a", "echo"));
        EchoPluginHost.CopyPlugin(Path.Combine(_root, "b"));

        var error = await RefusedAsync(("Providers:PluginPaths:0", Path.Combine(_root, "a")), ("Providers:PluginPaths:1", Path.Combine(_root, "b")));

        Assert.Contains("'echo'", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_root, "a", "echo"), error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_root, "b"), error.Message, StringComparison.Ordinal);
        Assert.Equal(["Providers:PluginPaths:0", "Providers:PluginPaths:1"], error.Settings);
    }

    [Fact]
    public async Task The_built_Host_refuses_two_plugins_with_one_name_in_one_line_naming_both_variables()
    {
        EchoPluginHost.CopyPlugin(Path.Combine(_root, "a", "echo"));
        EchoPluginHost.CopyPlugin(Path.Combine(_root, "b"));
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = "postgresql://nobody:nothing@127.0.0.1:9/none",
            ["Providers__PluginPaths__0"] = Path.Combine(_root, "a"),
            ["Providers__PluginPaths__1"] = Path.Combine(_root, "b"),
        });

        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 78, $"Exit code {exitCode}:\n{host.Output}");
        var line = Assert.Single(host.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Two AI provider modules are named 'echo'", line, StringComparison.Ordinal);
        Assert.Contains("(from Providers__PluginPaths__0) and ", line, StringComparison.Ordinal);
        Assert.Contains("(from Providers__PluginPaths__1).", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_default_naming_no_provider_refuses_start_up()
    {
        var error = await RefusedAsync(("Providers:Defaults:Image", "no-such-provider"));

        Assert.Contains("Providers:Defaults:Image", error.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-provider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_folder_given_relative_to_the_content_root_is_found()
    {
        // ProgramHost keeps the default content root, the working directory.
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), EchoPluginHost.BuiltPlugin);

        await ProgramHost.StartAndStopAsync("Production", new Dictionary<string, string?>
        {
            ["ADMIN_PASSWORD"] = "Correct-horse-battery-staple-42",
            ["Providers:PluginPaths:0"] = relative,
            ["Providers:Defaults:Vision"] = "echo",
        });
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Task<ProviderConfigurationException> RefusedAsync(params (string Key, string? Value)[] settings) =>
        Assert.ThrowsAsync<ProviderConfigurationException>(() => ProgramHost.StartAndStopAsync(
            "Development", settings.ToDictionary(s => s.Key, s => s.Value)));
}
