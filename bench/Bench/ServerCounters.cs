using System.Diagnostics;
using System.Net.Http.Json;

namespace ProductDescriber.Bench;

/// <summary>What the Host's own process spent between two samples: bytes allocated and CPU time.</summary>
internal readonly record struct ServerSample(long AllocatedBytes, TimeSpan Cpu)
{
    public static ServerSample operator -(ServerSample after, ServerSample before) =>
        new(after.AllocatedBytes - before.AllocatedBytes, after.Cpu - before.Cpu);
}

/// <summary>
/// Reads the Host's counters through the bench endpoints (<see cref="MemoryEndpoint"/>) and its CPU time from the
/// operating system, so a round's cost per request is the server's alone, not the load generator's.
/// </summary>
internal sealed class ServerCounters(ServedHost host, HttpClient http)
{
    /// <summary>A full collection in the Host, so one round's garbage is not collected on the next round's time.</summary>
    public async Task CollectAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(host.BaseAddress, "/bench/memory"), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<ServerSample> SampleAsync(CancellationToken cancellationToken)
    {
        var allocated = await http.GetFromJsonAsync<long>(new Uri(host.BaseAddress, "/bench/allocated"), cancellationToken);
        using var process = Process.GetProcessById(host.ProcessId);
        return new ServerSample(allocated, process.TotalProcessorTime);
    }

    public async Task<string> PostgresVersionAsync(CancellationToken cancellationToken) =>
        await http.GetStringAsync(new Uri(host.BaseAddress, "/bench/postgres"), cancellationToken);
}
