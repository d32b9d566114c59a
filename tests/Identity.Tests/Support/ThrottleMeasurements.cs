using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ProductDescriber.BuildingBlocks.Diagnostics;

namespace ProductDescriber.Identity.Tests.Support;

/// <summary>
/// The <c>scope</c> tag of every <see cref="AppTelemetry.LoginThrottled"/> measurement while it listens. Hosts of
/// other tests run in the same process, so assert on what must be there, not on exact totals.
/// </summary>
internal sealed class ThrottleMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string?> _scopes = new();

    public ThrottleMeasurements()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AppTelemetry.Name && instrument.Name == AppTelemetry.LoginThrottled.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "scope")
                {
                    for (var i = 0; i < value; i++)
                    {
                        _scopes.Enqueue(tag.Value as string);
                    }
                }
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<string?> Scopes => [.. _scopes];

    public void Dispose() => _listener.Dispose();
}
