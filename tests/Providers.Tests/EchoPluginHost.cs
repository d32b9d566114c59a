using ProductDescriber.Providers.Abstractions;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Providers.Tests;

/// <summary>
/// The real Host with the sample plugin dropped into a plugin folder of its own (a fresh copy of the sample's build
/// output, see Providers.Tests.csproj), and fake keys configured so tests can prove they never show.
/// </summary>
public sealed class EchoPluginHost : IAsyncLifetime
{
    public const string EchoKey = "echo-key-2f9c41d7-never-shown";
    public const string OpenAIKey = "sk-fake-openai-key-never-shown-0123456789";
    public const string GeminiKey = "fake-gemini-key-never-shown-9876543210";

    /// <summary>The sample plugin's build output, copied beside the tests by Providers.Tests.csproj.</summary>
    public static string BuiltPlugin => Path.Combine(AppContext.BaseDirectory, "plugins", "echo");

    public string PluginFolder { get; } = Path.Combine(Path.GetTempPath(), "pd-plugins-" + Guid.NewGuid().ToString("N"));

    public TestHost Host { get; private set; } = null!;

    public IAiProvider Echo => Host.GetService<IAiProviderRegistry>().Choose(AiCapabilities.None, "echo").Provider
        ?? throw new InvalidOperationException("The Host did not register the echo plugin.");

    public async Task InitializeAsync()
    {
        CopyPlugin(Path.Combine(PluginFolder, "echo"));
        Host = await TestHost.StartAsync("providers", new Dictionary<string, string?>
        {
            ["Providers:PluginPaths:0"] = PluginFolder,
            ["Providers:Echo:ApiKey"] = EchoKey,
            ["Providers:Defaults:Image"] = "echo",
            ["Providers:OpenAI:ApiKey"] = OpenAIKey,
            ["Providers:Gemini:ApiKey"] = GeminiKey,
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(PluginFolder, recursive: true);
    }

    /// <summary>Drops the built sample plugin into <paramref name="folder"/>, as an integrator would.</summary>
    public static void CopyPlugin(string folder)
    {
        Assert.True(File.Exists(Path.Combine(BuiltPlugin, "ProductDescriber.Samples.EchoProvider.Plugin.dll")), $"The sample plugin was not built into {BuiltPlugin}.");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(BuiltPlugin))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }
    }
}
