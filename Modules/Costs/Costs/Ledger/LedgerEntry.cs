namespace ProductDescriber.Costs.Ledger;

/// <summary>
/// One paid provider call: who and what it was for, what the provider reported, and its price when it was written
/// (amount and currency), or the reason it has none. Kept when the product, request or user is deleted: money spent
/// stays spent.
/// </summary>
internal sealed class LedgerEntry
{
    public long Id { get; init; }

    public string IdempotencyKey { get; init; } = "";

    /// <summary>IMAGE or VISION.</summary>
    public string Kind { get; init; } = "";

    public string Provider { get; init; } = "";

    public string? Model { get; init; }

    public DateTimeOffset At { get; init; }

    public long ProductId { get; init; }

    public long? UserId { get; init; }

    public long? GenerationRequestId { get; init; }

    public long? AnalysisRunId { get; init; }

    public int? SpecificationVersion { get; init; }

    public string? Resolution { get; init; }

    public int Images { get; init; }

    public int? InputTokens { get; init; }

    public int? OutputTokens { get; init; }

    public long DurationMs { get; init; }

    /// <summary>Null when the answer was used; otherwise why not (the call was paid all the same).</summary>
    public string? Outcome { get; init; }

    /// <summary>Null when unpriced.</summary>
    public decimal? Amount { get; init; }

    public string? Currency { get; init; }

    public string? UnpricedReason { get; init; }

    /// <summary>The <c>From</c> of the price entry used.</summary>
    public DateOnly? PriceFrom { get; init; }
}
