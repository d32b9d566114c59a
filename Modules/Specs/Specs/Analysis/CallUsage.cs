using System.Globalization;
using Microsoft.SemanticKernel;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Specs.Analysis;

/// <summary>
/// What the provider's answered call cost: model, tokens, time. Added to the run in the write that records its
/// outcome, not in a commit of its own.
/// </summary>
internal sealed record CallUsage(string? Model, int? InputTokens, int? OutputTokens, TimeSpan Duration)
{
    public static CallUsage Of(ChatMessageContent reply)
    {
        var usage = reply.Metadata?.GetValueOrDefault(AiMetadata.Usage) as AiUsage;
        return new CallUsage(usage?.Model ?? reply.ModelId, usage?.InputTokens, usage?.OutputTokens, usage?.Duration ?? TimeSpan.Zero);
    }

    public void AddTo(AnalysisRun run)
    {
        run.Model = Model ?? run.Model;
        run.InputTokens = Add(run.InputTokens, InputTokens);
        run.OutputTokens = Add(run.OutputTokens, OutputTokens);
        run.DurationMs = (run.DurationMs ?? 0) + (long)Duration.TotalMilliseconds;
    }

    /// <summary>
    /// The ledger's view of this call: one row per run (only the answered call of a run is paid, and a run's outcome
    /// is written once), so the run's id is the key.
    /// </summary>
    public PaidCall ToPaidCall(AnalysisRun run, DateTimeOffset at, int? specificationVersion, string? outcome) => new(
        $"analysis:{run.Id.ToString(CultureInfo.InvariantCulture)}",
        PaidCallKind.Vision,
        run.Provider,
        Model ?? run.Model,
        at,
        run.ProductId,
        run.RequestedById,
        GenerationRequestId: null,
        run.Id,
        specificationVersion,
        Resolution: null,
        Images: 0,
        InputTokens,
        OutputTokens,
        (long)Duration.TotalMilliseconds,
        outcome);

    private static int? Add(int? a, int? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
}

/// <summary>Where a run's analysis leaves the usage of its answered call, for whichever outcome is written.</summary>
internal sealed class AnsweredCall
{
    public CallUsage? Usage { get; set; }
}
