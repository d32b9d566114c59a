namespace ProductDescriber.Costs;

/// <summary>Settings of section <c>Costs</c>: the price table and the worst case assumed for an analysis.</summary>
internal sealed class CostsOptions
{
    /// <summary>Prices per provider and model; the latest entry whose <see cref="PriceEntry.From"/> is not after a call's date applies.</summary>
    public List<PriceEntry> Prices { get; init; } = [];

    /// <summary>Tokens a budget assumes one analysis reads and writes before it has run (its worst case is not known in advance).</summary>
    public int VisionEstimateInputTokens { get; set; } = 20_000;

    public int VisionEstimateOutputTokens { get; set; } = 4_000;
}

/// <summary>One line of the price table.</summary>
internal sealed class PriceEntry
{
    public string Provider { get; set; } = "";

    /// <summary>The model; null or <c>*</c> for every model of the provider (an exact model's entry wins).</summary>
    public string? Model { get; set; }

    /// <summary>The first day (UTC) the entry applies.</summary>
    public DateOnly From { get; set; } = DateOnly.MinValue;

    /// <summary>Price of one picture by resolution label (<c>1K</c>, <c>2K</c>, <c>4K</c>).</summary>
    public Dictionary<string, decimal> PerImage { get; init; } = [];

    public decimal? PerMillionInputTokens { get; set; }

    public decimal? PerMillionOutputTokens { get; set; }

    /// <summary>ISO 4217 code, e.g. USD.</summary>
    public string Currency { get; set; } = "USD";

    public bool MatchesModel(string? model) => Model is null or "*" || string.Equals(Model, model, StringComparison.OrdinalIgnoreCase);

    public bool IsWildcard => Model is null or "*";
}
