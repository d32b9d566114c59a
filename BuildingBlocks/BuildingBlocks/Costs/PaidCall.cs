namespace ProductDescriber.BuildingBlocks.Costs;

/// <summary>What a provider call was paid for: pictures (priced per image by resolution) or reading (priced per token).</summary>
public enum PaidCallKind
{
    Image,
    Vision,
}

/// <summary>
/// One provider call that answered, as the module that made it knows it: the ledger prices it and keeps it. Calls the
/// provider refused with an error are not paid calls (providers do not bill them) and are not recorded.
/// </summary>
/// <param name="IdempotencyKey">Names the call for good (e.g. <c>generation:{request}:image:{index}</c>): a second
/// write with the same key, from a job re-run after a crash, is ignored.</param>
/// <param name="Images">Pictures this call delivered and is billed for (image calls); 0 for vision calls.</param>
/// <param name="Outcome">Null when the answer was used; otherwise why it was not (e.g. <c>UNPARSEABLE_REPLY</c>):
/// such a call is billed all the same.</param>
public sealed record PaidCall(
    string IdempotencyKey,
    PaidCallKind Kind,
    string Provider,
    string? Model,
    DateTimeOffset At,
    long ProductId,
    long? UserId,
    long? GenerationRequestId,
    long? AnalysisRunId,
    int? SpecificationVersion,
    string? Resolution,
    int Images,
    int? InputTokens,
    int? OutputTokens,
    long DurationMs,
    string? Outcome = null);
