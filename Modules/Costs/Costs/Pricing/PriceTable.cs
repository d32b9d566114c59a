using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Costs;

namespace ProductDescriber.Costs.Pricing;

/// <summary>
/// Prices calls from <c>Costs:Prices</c>. An image call is priced per picture at its resolution when the entry has
/// that resolution, otherwise by its tokens; a vision call by its tokens. Whatever the table cannot price is unpriced,
/// with the reason: never a guess. Amounts are exact decimals rounded once, to 6 places (half away from zero).
/// </summary>
internal sealed class PriceTable(IOptionsMonitor<CostsOptions> options)
{
    public const int Decimals = 6;

    private const decimal Million = 1_000_000m;

    public PricedCall Price(PaidCall call)
    {
        if (Find(call.Provider, call.Model, DateOnly.FromDateTime(call.At.UtcDateTime)) is not { } entry)
        {
            return PricedCall.Unpriced($"No price is configured for {call.Provider}/{call.Model ?? "?"} on {call.At.UtcDateTime:yyyy-MM-dd}.");
        }

        if (call.Kind == PaidCallKind.Image && call.Resolution is { } resolution && entry.PerImage.TryGetValue(resolution, out var perImage))
        {
            return Priced(perImage * call.Images, entry);
        }

        return Tokens(call.InputTokens, entry.PerMillionInputTokens) is { } input && Tokens(call.OutputTokens, entry.PerMillionOutputTokens) is { } output
            ? Priced(input + output, entry)
            : PricedCall.Unpriced(TokenReason(call, entry));
    }

    /// <summary>The worst case of planned work: pictures at their price, analyses at the configured token estimate; null when unpriced.</summary>
    public (decimal Amount, string Currency)? Estimate(PlannedSpend plan, DateOnly day)
    {
        if (Find(plan.Provider, plan.Model, day) is not { } entry)
        {
            return null;
        }

        if (plan.Kind == PaidCallKind.Image)
        {
            return plan.Resolution is { } resolution && entry.PerImage.TryGetValue(resolution, out var perImage)
                ? (Round(perImage * plan.Calls), entry.Currency)
                : null;
        }

        var settings = options.CurrentValue;
        return Tokens(settings.VisionEstimateInputTokens, entry.PerMillionInputTokens) is { } input
               && Tokens(settings.VisionEstimateOutputTokens, entry.PerMillionOutputTokens) is { } output
            ? (Round((input + output) * plan.Calls), entry.Currency)
            : null;
    }

    public static decimal Round(decimal amount) => Math.Round(amount, Decimals, MidpointRounding.AwayFromZero);

    private PriceEntry? Find(string provider, string? model, DateOnly day) => options.CurrentValue.Prices
        .Where(p => string.Equals(p.Provider, provider, StringComparison.OrdinalIgnoreCase) && p.MatchesModel(model) && p.From <= day)
        .OrderBy(p => p.IsWildcard)
        .ThenByDescending(p => p.From)
        .FirstOrDefault();

    /// <summary>Tokens at a rate; a rate of 0 prices even unreported counts (0), a missing rate or count prices nothing.</summary>
    private static decimal? Tokens(int? count, decimal? perMillion) => perMillion switch
    {
        null => null,
        0m => 0m,
        _ when count is null => null,
        _ => count.Value * perMillion.Value / Million,
    };

    private static PricedCall Priced(decimal amount, PriceEntry entry) => new(Round(amount), entry.Currency, null, entry.From);

    private static string TokenReason(PaidCall call, PriceEntry entry)
    {
        var what = call.Kind == PaidCallKind.Image ? $"no price per {call.Resolution ?? "?"} image and " : "";
        return entry.PerMillionInputTokens is null || entry.PerMillionOutputTokens is null
            ? $"The price of {call.Provider}/{call.Model ?? "?"} has {what}no price per token."
            : $"The provider reported no token counts for this call, and {call.Provider}/{call.Model ?? "?"} is priced per token.";
    }
}
