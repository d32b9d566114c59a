using System.Globalization;

namespace ProductDescriber.Bench;

/// <summary>Percentiles of a set of milliseconds (nearest rank), for the <c>jobs</c> and <c>subscribers</c> reports.</summary>
internal sealed class Distribution
{
    private readonly double[] _sorted;

    public Distribution(IEnumerable<double> milliseconds)
    {
        _sorted = [.. milliseconds];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public IReadOnlyList<double> Values => _sorted;

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public double Percentile(double share) =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(share * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(0.5),7:0.0} ms  p99 {Percentile(0.99),7:0.0} ms  max {Max,7:0.0} ms  (n = {Count})");

    /// <summary>The first line of /proc/loadavg: the machine is shared, so every figure goes out with it.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
