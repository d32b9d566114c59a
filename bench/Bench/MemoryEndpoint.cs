using System.Runtime;

namespace ProductDescriber.Bench;

/// <summary>
/// <c>GET /bench/memory</c>: the Host process's managed heap after a full, compacting collection, and its resident
/// set, so the <c>subscribers</c> scenario can tell what each connection costs the Host (which it runs as a child
/// process, apart from the clients). Anonymous: the bench's Host listens on loopback only.
/// </summary>
internal static class MemoryEndpoint
{
    public static void MapMemoryEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/bench/memory", () =>
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return Results.Json(new MemoryFigures(GC.GetTotalMemory(forceFullCollection: false), ResidentBytes()));
        });

    /// <summary>VmRSS from /proc (Linux), else the working set.</summary>
    private static long ResidentBytes()
    {
        const string path = "/proc/self/status";
        var line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
        return line is not null && long.TryParse(line["VmRSS:".Length..].Trim().Split(' ')[0], out var kilobytes)
            ? kilobytes * 1024
            : Environment.WorkingSet;
    }
}

internal sealed record MemoryFigures(long HeapBytes, long ResidentBytes);
