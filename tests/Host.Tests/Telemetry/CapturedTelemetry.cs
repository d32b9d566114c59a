using System.Collections;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Telemetry;

/// <summary>
/// The spans and metrics a test Host exports, through OpenTelemetry's in-memory exporters added next to what the
/// Host itself describes (sources, meters, instrumentation). Listeners are process-wide, so spans of other Hosts
/// in the test run land here too: tests find theirs by trace id.
/// </summary>
internal sealed class CapturedTelemetry
{
    private readonly LockedCollection<Activity> _spans = new();
    private readonly LockedCollection<MetricSnapshot> _metrics = new();

    public IReadOnlyList<Activity> Spans => _spans.Snapshot();

    public void Register(IServiceCollection services) => services.AddOpenTelemetry()
        .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
        .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics));

    public IReadOnlyList<Activity> SpansOf(ActivityTraceId trace) => [.. Spans.Where(s => s.TraceId == trace)];

    /// <summary>
    /// The first span matching <paramref name="match"/>. A server span ends after the response is sent, so it may
    /// be exported a moment after the client has read the answer: wait for it (generously).
    /// </summary>
    public Task<Activity> WaitForSpanAsync(Func<Activity, bool> match, string what) =>
        Eventually.FoundAsync(() => Spans.FirstOrDefault(match), $"a span for {what} to be exported", TimeSpan.FromSeconds(10));

    /// <summary>
    /// A counter's total (or a histogram's count) over the points carrying all <paramref name="tags"/>, as the Host
    /// has exported it so far (cumulative). Tests compare two readings.
    /// </summary>
    public long Read(TestHost host, string metric, params (string Key, string Value)[] tags)
    {
        Assert.True(host.GetService<MeterProvider>().ForceFlush(10_000), "The meter provider did not flush.");
        var latest = _metrics.Snapshot().LastOrDefault(m => m.Name == metric);
        if (latest is null)
        {
            return 0;
        }

        long total = 0;
        foreach (var point in latest.MetricPoints)
        {
            var pointTags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                pointTags[tag.Key] = tag.Value;
            }

            if (tags.All(t => pointTags.TryGetValue(t.Key, out var value) && Equals(value, t.Value)))
            {
                total += latest.MetricType == MetricType.Histogram ? point.GetHistogramCount() : point.GetSumLong();
            }
        }

        return total;
    }

    /// <summary>Exporters write from many threads while tests read: every access takes the lock.</summary>
    private sealed class LockedCollection<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public T[] Snapshot()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }

        public void Add(T item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(T item) => Snapshot().Contains(item);

        public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(T item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
