using System.Globalization;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Generation.Requests;

/// <summary>
/// Bus topics of one request. <see cref="Topic"/> carries its state after each committed change (status, each stored
/// image); subscribers re-read the request, so the payload is only a hint (see LiveState). <see cref="CancelTopic"/>
/// tells whichever Host runs the request's job to stop now.
/// </summary>
internal static class GenerationEvents
{
    public const string CancelTopic = "generation.cancel";

    public static string Topic(long requestId) => "generation.request:" + requestId.ToString(CultureInfo.InvariantCulture);

    /// <summary>On the request's topic and on its product's activity topic.</summary>
    public static Task PublishAsync(IEventBus bus, GenerationRequest request) =>
        bus.PublishAsync(
            [
                (Topic(request.Id), $"{request.Status.ToString().ToUpperInvariant()} {request.ImagesDone}"),
                (ProductActivityTopic.For(request.ProductId), "generation"),
            ],
            CancellationToken.None);

    public static Task PublishCancelAsync(IEventBus bus, long requestId) =>
        bus.PublishAsync(CancelTopic, requestId.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
}
