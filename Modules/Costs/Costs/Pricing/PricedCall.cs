namespace ProductDescriber.Costs.Pricing;

/// <summary>A call's price: an amount in a currency, or no amount and the reason it could not be priced.</summary>
internal sealed record PricedCall(decimal? Amount, string? Currency, string? UnpricedReason, DateOnly? PriceFrom)
{
    public static PricedCall Unpriced(string reason) => new(null, null, reason, null);
}
