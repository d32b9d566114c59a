namespace ProductDescriber.Webhooks.Contracts;

/// <summary>The event types a webhook delivers (the <c>type</c> of its body); GraphQL names them in enum <c>WebhookEventType</c>.</summary>
public static class WebhookEventTypes
{
    public const string AnalysisSucceeded = "analysis.succeeded";

    public const string AnalysisFailed = "analysis.failed";

    public const string GenerationSucceeded = "generation.succeeded";

    public const string GenerationPartial = "generation.partial";

    public const string GenerationFailed = "generation.failed";

    public const string GenerationCancelled = "generation.cancelled";

    public static IReadOnlyList<string> All { get; } =
        [AnalysisSucceeded, AnalysisFailed, GenerationSucceeded, GenerationPartial, GenerationFailed, GenerationCancelled];
}

/// <summary>Names other modules use to refer to Webhooks' GraphQL types (global ids).</summary>
public static class WebhooksGraphTypes
{
    public const string WebhookEndpoint = "WebhookEndpoint";

    public const string WebhookDelivery = "WebhookDelivery";
}
