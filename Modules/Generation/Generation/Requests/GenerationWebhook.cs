using ProductDescriber.Webhooks.Contracts;

namespace ProductDescriber.Generation.Requests;

/// <summary>The webhook event of a request that reached its end state: ids, status and picture counts.</summary>
internal static class GenerationWebhook
{
    public static WebhookEvent For(GenerationRequest request) => new(
        request.Status switch
        {
            GenerationStatus.Succeeded => WebhookEventTypes.GenerationSucceeded,
            GenerationStatus.Partial => WebhookEventTypes.GenerationPartial,
            GenerationStatus.Cancelled => WebhookEventTypes.GenerationCancelled,
            _ => WebhookEventTypes.GenerationFailed,
        },
        GenerationIds.Request(request.Id),
        request.ProductId,
        new Dictionary<string, object?>
        {
            ["id"] = GenerationIds.Request(request.Id),
            ["productId"] = GenerationIds.Product(request.ProductId),
            ["status"] = request.Status.ToString().ToUpperInvariant(),
            ["imagesRequested"] = request.Count,
            ["imagesDone"] = request.ImagesDone,
            ["errorKind"] = request.ErrorKind,
        });
}
