namespace ProductDescriber.Costs.Budgets;

internal enum BudgetScope
{
    User,
    Product,
}

/// <summary>A monthly spending limit for one user (all their requests) or one product (everyone's requests).</summary>
internal sealed class Budget
{
    public BudgetScope Scope { get; init; }

    public long SubjectId { get; init; }

    public decimal MonthlyLimit { get; set; }

    /// <summary>ISO 4217; only priced calls in this currency count against it.</summary>
    public string Currency { get; set; } = "USD";

    public long? UpdatedById { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Priced calls this month (UTC) in <see cref="Currency"/>, when the query that read it summed them; not stored.</summary>
    public decimal? SpentThisMonth { get; set; }
}
