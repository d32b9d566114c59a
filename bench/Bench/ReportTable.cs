using System.Globalization;

namespace ProductDescriber.Bench;

/// <summary>The human-readable result: the conditions first, then one line per variant and the ratio per scenario.</summary>
internal static class ReportTable
{
    public static void Print(BenchReport report, TextWriter output)
    {
        var m = report.Machine;
        var line = new string('-', 108);
        output.WriteLine();
        output.WriteLine("GraphQL (/graphql) against a plain minimal-API endpoint: same Host process (a child of this one), same database");
        output.WriteLine(Invariant($"machine : {m.Cores} cores ({m.CpuModel}), load average at start {m.LoadAverageAtStart}"));
        output.WriteLine(Invariant($"runtime : {m.Dotnet}, {(m.ServerGc ? "server" : "workstation")} GC, GraphQL.NET {m.GraphQLNet}, {m.Os}"));
        output.WriteLine($"database: {m.Postgres}");
        output.WriteLine($"commit  : {m.Commit}");
        output.WriteLine(Invariant(
            $"load    : closed loop, {report.Concurrency} workers on {report.Concurrency} HTTP/1.1 keep-alive connections, client in this process, Host in its own; warm-up {report.WarmupSeconds:0.#} s, then {report.Rounds} x {report.DurationSeconds:0.#} s per variant, interleaved"));
        output.WriteLine(line);
        output.WriteLine(Invariant($"{"scenario",-9} {"variant",-8} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"requests",9} {"failed",6} {"KB/req",7} {"µs/req",7} {"client",6}  rounds req/s"));
        output.WriteLine(line);
        foreach (var scenario in report.Scenarios)
        {
            foreach (var variant in new[] { scenario.GraphQL, scenario.Plain })
            {
                output.WriteLine(Invariant(
                    $"{scenario.Scenario,-9} {variant.Variant,-8} {variant.RequestsPerSecond,9:0.0} {variant.P50Ms,8:0.00} {variant.P99Ms,8:0.00} {variant.Requests,9} {variant.Failures,6} {variant.ServerKilobytesPerRequest,7:0.0} {variant.ServerCpuMicrosecondsPerRequest,7:0} {variant.ProcessCpuShare,6:P0}  {string.Join(" ", variant.RoundRequestsPerSecond.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}"));
            }

            output.WriteLine(Invariant(
                $"{scenario.Scenario,-9} {"ratio",-8} {scenario.Ratio,9:0.00}  GraphQL/plain req/s, median of {report.Rounds} rounds (range {scenario.RatioMin:0.00}-{scenario.RatioMax:0.00}); {scenario.ResponseBytes} B {(scenario.ByteEqual ? "byte-identical" : "equal JSON")}"));
            output.WriteLine(line);
        }

        output.WriteLine("KB/req, µs/req = the Host process's allocations and CPU time per request sent; client = the load generator's");
        output.WriteLine("share of all cores; medians over rounds. PostgreSQL's CPU is in neither.");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
