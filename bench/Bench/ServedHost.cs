using System.Diagnostics;
using System.Globalization;

namespace ProductDescriber.Bench;

/// <summary>
/// The bench's Host in a child process (this tool run with <c>--serve</c>), so what the Host holds in memory can be
/// read apart from the clients': the <c>subscribers</c> scenario's 1,000 client sockets would otherwise sit in the
/// same heap. The child prints one line with its address and admin password, then runs until its standard input
/// closes, when it stops its private PostgreSQL and deletes its folders.
/// </summary>
internal sealed class ServedHost : IAsyncDisposable
{
    private const string ReadyPrefix = "BENCH-HOST ";
    private readonly Process _process;

    private ServedHost(Process process, Uri baseAddress, string adminPassword)
    {
        _process = process;
        BaseAddress = baseAddress;
        AdminPassword = adminPassword;
    }

    public Uri BaseAddress { get; }

    public string AdminPassword { get; }

    public int ProcessId => _process.Id;

    public static async Task<ServedHost> StartAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Environment.CurrentDirectory,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ServedHost).Assembly.Location);
        }

        start.ArgumentList.Add("--serve");
        start.ArgumentList.Add("--job-slots");
        start.ArgumentList.Add(options.JobSlots.ToString(CultureInfo.InvariantCulture));
        if (options.DatabaseUrl is { } url)
        {
            start.ArgumentList.Add("--database-url");
            start.ArgumentList.Add(url);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the Host's process.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                var parts = line[ReadyPrefix.Length..].Split(' ', 2);
                // The Host's log goes to its standard output: keep draining it, or a full pipe would stall the Host.
                _ = EchoAsync(process.StandardOutput);
                return new ServedHost(process, new Uri(parts[0]), parts[1]);
            }

            await Console.Error.WriteLineAsync("[host] " + line);
        }

        await process.WaitForExitAsync(CancellationToken.None);
        throw new InvalidOperationException($"The Host's process ended (exit code {process.ExitCode}) before it listened.");
    }

    private static async Task EchoAsync(StreamReader output)
    {
        while (await output.ReadLineAsync() is { } line)
        {
            await Console.Error.WriteLineAsync("[host] " + line);
        }
    }

    /// <summary>The child's side: start the Host, announce it, run until standard input closes.</summary>
    public static async Task<int> ServeAsync(BenchOptions options)
    {
        await using var host = await BenchHost.StartAsync(options);
        Console.WriteLine($"{ReadyPrefix}{host.BaseAddress} {host.AdminPassword}");
        await Console.Out.FlushAsync();
        while (await Console.In.ReadLineAsync() is not null)
        {
            // Nothing is sent; the parent only closes the stream.
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
