using System.Runtime;
using Npgsql;

namespace ProductDescriber.Bench;

/// <summary>
/// What the bench asks of the Host it runs as a child process (<see cref="ServedHost"/>), apart from the clients.
/// <c>GET /bench/memory</c>: the managed heap after a full, compacting collection, and the resident set, so the
/// <c>subscribers</c> scenario can tell what each connection costs. <c>GET /bench/allocated</c>: bytes allocated
/// since the process started, so a round can tell what each request allocated. <c>GET /bench/postgres</c>: the
/// database's <c>version()</c>. Anonymous: the bench's Host listens on loopback only.
/// </summary>
internal static class MemoryEndpoint
{
    public static void MapMemoryEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/bench/allocated", () => Results.Json(GC.GetTotalAllocatedBytes(precise: true)));
        endpoints.MapGet("/bench/postgres", async (NpgsqlDataSource database) =>
        {
            await using var command = database.CreateCommand("SELECT version()");
            return Results.Text((string)(await command.ExecuteScalarAsync())!);
        });
        endpoints.MapGet("/bench/memory", () =>
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return Results.Json(new MemoryFigures(GC.GetTotalMemory(forceFullCollection: false), ResidentBytes()));
        });
    }

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
