using System.Diagnostics;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;

namespace ProductDescriber.Bench;

/// <summary>What a number depends on, published with it.</summary>
internal sealed record MachineFacts(
    int Cores,
    string CpuModel,
    string Dotnet,
    string Os,
    bool ServerGc,
    string Postgres,
    string GraphQLNet,
    string Commit,
    string LoadAverageAtStart)
{
    public static async Task<MachineFacts> CollectAsync(string postgresVersion) => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        GCSettings.IsServerGC,
        postgresVersion,
        typeof(GraphQL.DocumentExecuter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?",
        await CommitAsync(),
        ReadFirstLine("/proc/loadavg") ?? "?");

    private static string ReadCpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : RuntimeInformation.ProcessArchitecture.ToString();

    private static string? ReadFirstLine(string path) => File.Exists(path) ? File.ReadLines(path).FirstOrDefault() : null;

    private static async Task<string> CommitAsync()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "describe --always --dirty") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (git is null)
            {
                return "?";
            }

            var output = await git.StandardOutput.ReadToEndAsync();
            await git.WaitForExitAsync();
            return git.ExitCode == 0 ? output.Trim() : "?";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
