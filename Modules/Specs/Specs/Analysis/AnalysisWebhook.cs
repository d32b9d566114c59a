using ProductDescriber.Webhooks.Contracts;

namespace ProductDescriber.Specs.Analysis;

/// <summary>The webhook event of a run that reached its end state: ids (the specification it made, if any) and status.</summary>
internal static class AnalysisWebhook
{
    public static WebhookEvent For(AnalysisRun run) => new(
        run.Status == AnalysisStatus.Succeeded ? WebhookEventTypes.AnalysisSucceeded : WebhookEventTypes.AnalysisFailed,
        SpecsIds.AnalysisRun(run.Id),
        run.ProductId,
        new Dictionary<string, object?>
        {
            ["id"] = SpecsIds.AnalysisRun(run.Id),
            ["productId"] = SpecsIds.Product(run.ProductId),
            ["status"] = run.Status.ToString().ToUpperInvariant(),
            ["specificationId"] = run.SpecificationId is { } specification ? SpecsIds.Specification(specification) : null,
            ["errorKind"] = run.ErrorKind,
        });
}
