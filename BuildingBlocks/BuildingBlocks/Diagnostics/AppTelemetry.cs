using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ProductDescriber.BuildingBlocks.Diagnostics;

/// <summary>
/// The product's own traces and metrics. One source and one meter for every project, so an operator enables
/// them with two names; the instruments live here so each is declared once, whoever records it.
/// </summary>
public static class AppTelemetry
{
    public const string Name = "ProductDescriber";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>GraphQL operations by type, transport and outcome (ok, error, refused, cancelled).</summary>
    public static readonly Counter<long> Operations =
        Meter.CreateCounter<long>("productdescriber.graphql.operations", "{operation}", "GraphQL operations executed");

    /// <summary>By type, transport and outcome; buckets in seconds as for HTTP server durations, up to the 30 s timeout.</summary>
    public static readonly Histogram<double> OperationDuration =
        Meter.CreateHistogram("productdescriber.graphql.operation.duration", "s", "Time to execute a GraphQL operation",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30] });

    public static readonly UpDownCounter<long> WebSocketConnections =
        Meter.CreateUpDownCounter<long>("productdescriber.websocket.connections", "{connection}", "Open GraphQL WebSocket connections");

    public static readonly Counter<long> UploadBytes =
        Meter.CreateCounter<long>("productdescriber.upload.bytes", "By", "Bytes received in multipart uploads");

    public static readonly Counter<long> EventsDelivered =
        Meter.CreateCounter<long>("productdescriber.events.delivered", "{event}", "Events delivered to subscribers by the event bus");

    public static readonly Counter<long> EventsDropped =
        Meter.CreateCounter<long>("productdescriber.events.dropped", "{event}", "Events dropped (slow subscriber, oversize, lost connection)");

    /// <summary>Subscription events rendered, tagged <c>reused</c> when another subscriber's render was handed out instead (docs/adr/0036).</summary>
    public static readonly Counter<long> SubscriptionRenders =
        Meter.CreateCounter<long>("productdescriber.subscription.renders", "{render}", "Subscription events rendered or reused for a subscriber");

    public static readonly Counter<long> LoginThrottled =
        Meter.CreateCounter<long>("productdescriber.login.throttled", "{attempt}", "Login attempts delayed or refused by throttling");
}
