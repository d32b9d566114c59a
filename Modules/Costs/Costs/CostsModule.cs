using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.Costs.Budgets;
using ProductDescriber.Costs.Ledger;
using ProductDescriber.Costs.Persistence;
using ProductDescriber.Costs.Pricing;

namespace ProductDescriber.Costs;

/// <summary>The cost ledger of paid provider calls, its prices, reports and monthly budgets (PostgreSQL schema <c>costs</c>).</summary>
public static class CostsModule
{
    /// <summary>The Offline provider's price when the table names none: real zero costs out of the box, not "unpriced".</summary>
    private const string OfflineProvider = "offline";

    public static IServiceCollection AddCostsModule(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CostsOptions>()
            .BindConfiguration("Costs")
            .PostConfigure(o =>
            {
                if (!o.Prices.Any(p => string.Equals(p.Provider, OfflineProvider, StringComparison.OrdinalIgnoreCase)))
                {
                    o.Prices.Add(new PriceEntry
                    {
                        Provider = OfflineProvider,
                        From = DateOnly.MinValue,
                        PerImage = { ["1K"] = 0m, ["2K"] = 0m, ["4K"] = 0m },
                        PerMillionInputTokens = 0m,
                        PerMillionOutputTokens = 0m,
                        Currency = "USD",
                    });
                }
            })
            .Validate(o => o.Prices.All(p => !string.IsNullOrWhiteSpace(p.Provider)), "Costs:Prices: every entry needs a Provider.")
            .Validate(o => o.Prices.All(p => p.Currency is { Length: 3 } && p.Currency.All(char.IsAsciiLetterUpper)), "Costs:Prices: Currency must be a three-letter ISO 4217 code in capitals, e.g. USD.")
            .Validate(o => o.Prices.All(p => p.PerImage.Values.All(v => v >= 0) && p.PerMillionInputTokens is null or >= 0 && p.PerMillionOutputTokens is null or >= 0), "Costs:Prices: prices cannot be negative.")
            .Validate(o => o.VisionEstimateInputTokens >= 0 && o.VisionEstimateOutputTokens >= 0, "Costs:VisionEstimate*Tokens cannot be negative.")
            .ValidateOnStart();

        services.AddModuleDbContext<CostsDbContext>(CostsDbContext.Schema);
        services.AddSingleton<PriceTable>();
        services.AddSingleton<ICostLedger, CostLedger>();
        services.AddSingleton<IBudgetGuard, BudgetGuard>();
        services.AddGraphQLContributionsFrom(typeof(CostsModule).Assembly);
        return services;
    }
}
