namespace ProductDescriber.Costs.Summaries;

/// <summary>An amount in one currency.</summary>
internal sealed record Money(decimal Amount, string Currency);

/// <summary>What an object's paid calls cost: a sum per currency (usually one), and how many calls had no price.</summary>
internal sealed record CostSummary(IReadOnlyList<Money> Amounts, int Calls, int UnpricedCalls)
{
    public static readonly CostSummary None = new([], 0, 0);

    public static CostSummary From(IEnumerable<CostGroup> groups)
    {
        var list = groups.ToList();
        return new CostSummary(
            [.. list.Where(g => g.Currency is not null).OrderBy(g => g.Currency, StringComparer.Ordinal).Select(g => new Money(g.Amount ?? 0m, g.Currency!))],
            list.Sum(g => g.Calls),
            list.Sum(g => g.UnpricedCalls));
    }
}

/// <summary>One row of a grouped sum of ledger entries: an object's calls in one currency (null: the unpriced ones).</summary>
internal sealed class CostGroup
{
    public long Key { get; init; }

    public string? Currency { get; init; }

    public decimal? Amount { get; init; }

    public int Calls { get; init; }

    public int UnpricedCalls { get; init; }
}
