using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ProductDescriber.TestSupport;

/// <summary>
/// The built Host run as a separate process, as `dotnet run --project Host` would run it (Host.Tests, and modules' tests
/// that kill a Host mid-work). It runs from the Host's own build output, which referencing TestSupport builds.
/// </summary>
public sealed partial class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource<Uri> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _databasePort = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public int Id => _process.Id;

    public static HostProcess Start(IDictionary<string, string> environment) => Start(environment, HostAssembly);

    /// <summary>The same Host with the tests' <c>testEvents</c> subscription (tests/TestHostApp).</summary>
    public static HostProcess StartWithTestEvents(IDictionary<string, string> environment) => Start(environment, OutputOf("tests/TestHostApp", "ProductDescriber.TestHostApp.dll"));

    private static HostProcess Start(IDictionary<string, string> environment, string assembly)
    {
        // Through `env --default-signal=INT`: a process started from a background job inherits SIGINT as ignored,
        // and Ctrl+C is exactly what this harness needs to deliver.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(assembly);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment.Remove("DATABASE_URL");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) => host.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => host.Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>The GraphQL URL the banner prints once the Host listens.</summary>
    public async Task<Uri> WaitForUrlAsync(TimeSpan timeout) => await _url.Task.WaitAsync(timeout);

    /// <summary>The port of the private cluster, from the DATABASE_URL the banner prints after the GraphQL URL.</summary>
    public async Task<int> WaitForDatabasePortAsync(TimeSpan timeout) => await _databasePort.Task.WaitAsync(timeout);

    /// <summary>Waits for a Host that ends by itself (e.g. one that refuses to start) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to the Host alone: no shutdown code runs, whatever it started keeps running.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// The Host's resident memory now, in bytes, after resetting its peak (VmHWM) to it, so a later
    /// <see cref="PeakMemory"/> measures only what comes next.
    /// </summary>
    public async Task<long> ResetPeakMemoryAsync()
    {
        var resident = MemoryStatus("VmRSS");
        await File.WriteAllTextAsync($"/proc/{_process.Id}/clear_refs", "5");
        return resident;
    }

    /// <summary>The Host's peak resident memory in bytes since start or the last <see cref="ResetPeakMemoryAsync"/>.</summary>
    public long PeakMemory => MemoryStatus("VmHWM");

    /// <summary>A value in bytes from /proc/PID/status (kB there).</summary>
    private long MemoryStatus(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Ctrl+C: SIGINT to the Host, then wait for it to exit.</summary>
    public Task<int> InterruptAsync(TimeSpan timeout) => SignalAsync("INT", timeout);

    /// <summary>What a service manager or container runtime sends to stop the Host: SIGTERM, then wait for it to exit.</summary>
    public Task<int> TerminateAsync(TimeSpan timeout) => SignalAsync("TERM", timeout);

    private async Task<int> SignalAsync(string signal, TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string HostAssembly => OutputOf("Host", "ProductDescriber.Host.dll");

    /// <summary>tests/Host.Tests/bin/&lt;Configuration&gt;/net10.0/linux-x64/ -> &lt;project&gt;/bin/&lt;Configuration&gt;/net10.0/linux-x64/.</summary>
    private static string OutputOf(string projectFolder, string assembly)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = output.Parent!.Parent!.Name;
        return Path.Combine(Repository.Root, projectFolder, "bin", configuration, output.Parent.Name, output.Name, assembly);
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (BannerUrl().Match(line) is { Success: true } match)
        {
            _url.TrySetResult(new Uri(match.Groups[1].Value));
        }

        if (BannerDatabaseUrl().Match(line) is { Success: true } database)
        {
            _databasePort.TrySetResult(int.Parse(database.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"GraphQL API and Banana Cake Pop IDE: (\S+)")]
    private static partial Regex BannerUrl();

    [GeneratedRegex(@"as DATABASE_URL: postgresql://postgres:<password>@127\.0\.0\.1:(\d+)/")]
    private static partial Regex BannerDatabaseUrl();
}
