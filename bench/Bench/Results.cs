using System.Diagnostics;

namespace ProductDescriber.Bench;

/// <summary>One variant of one scenario over all its timed rounds.</summary>
internal sealed record VariantResult(
    string Variant,
    double RequestsPerSecond,
    double P50Ms,
    double P99Ms,
    long Requests,
    int Failures,
    double ProcessCpuShare,
    double ServerKilobytesPerRequest,
    double ServerCpuMicrosecondsPerRequest,
    IReadOnlyList<double> RoundRequestsPerSecond)
{
    /// <summary>Requests/s is the median over rounds; percentiles are over every latency of every round.</summary>
    public static VariantResult From(string variant, IReadOnlyList<RoundResult> rounds)
    {
        var all = rounds.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(all);
        return new VariantResult(
            variant,
            Median(rounds.Select(r => r.RequestsPerSecond)),
            Percentile(all, 0.50),
            Percentile(all, 0.99),
            all.Length,
            rounds.Sum(r => r.Failures),
            Median(rounds.Select(r => r.ProcessCpuShare)),
            Median(rounds.Select(r => r.ServerKilobytesPerRequest)),
            Median(rounds.Select(r => r.ServerCpuMicrosecondsPerRequest)),
            [.. rounds.Select(r => Math.Round(r.RequestsPerSecond, 1))]);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Nearest-rank percentile of sorted ticks, in milliseconds.</summary>
    private static double Percentile(long[] sorted, double share) =>
        sorted.Length == 0
            ? double.NaN
            : sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
}

/// <summary>GraphQL against plain for one scenario; the ratio is per round (A_i / B_i), then the median.</summary>
internal sealed record ScenarioResult(
    string Scenario,
    string Description,
    string GraphQLQuery,
    string PlainPath,
    int ResponseBytes,
    bool ByteEqual,
    VariantResult GraphQL,
    VariantResult Plain,
    double Ratio,
    double RatioMin,
    double RatioMax);

internal sealed record BenchReport(
    DateTimeOffset StartedAt,
    string CommandLine,
    MachineFacts Machine,
    double DurationSeconds,
    int Rounds,
    double WarmupSeconds,
    int Concurrency,
    IReadOnlyList<ScenarioResult> Scenarios);
