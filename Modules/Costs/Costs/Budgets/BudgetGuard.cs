using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Costs;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.Costs.Persistence;
using ProductDescriber.Costs.Pricing;

namespace ProductDescriber.Costs.Budgets;

/// <summary>
/// Judges planned work against the budgets of its user and its product: priced calls of this calendar month (UTC)
/// in the budget's currency, plus the worst case of unfinished work, plus the plan's worst case, must stay within
/// the limit. Work the price table cannot price counts 0 (it is recorded unpriced, never guessed).
/// </summary>
internal sealed class BudgetGuard(
    IDbContextFactory<CostsDbContext> contexts,
    PriceTable prices,
    IEnumerable<IPendingSpendSource> sources,
    TimeProvider time) : IBudgetGuard
{
    // 'COSU' and 'COSP' as ints: the first keys of PostgreSQL's two-key advisory locks for user and product budgets,
    // the subject's id the second (ids above 2^31 wrap, which only serialises two subjects' submits: harmless).
    private const int UserLocks = 0x434F5355;
    private const int ProductLocks = 0x434F5350;

    public async Task<BudgetExceededError?> CheckAsync(DbContext db, PlannedSpend plan, CancellationToken cancellationToken)
    {
        await using var costs = await contexts.CreateDbContextAsync(cancellationToken);
        var userId = plan.UserId ?? -1;
        var budgets = await costs.Budgets.AsNoTracking()
            .Where(b => (b.Scope == BudgetScope.User && b.SubjectId == userId) || (b.Scope == BudgetScope.Product && b.SubjectId == plan.ProductId))
            .OrderBy(b => b.Scope)
            .ToListAsync(cancellationToken);
        if (budgets.Count == 0)
        {
            return null;
        }

        // Always user before product, so two submits never wait for each other's second lock.
        foreach (var budget in budgets)
        {
            var space = budget.Scope == BudgetScope.User ? UserLocks : ProductLocks;
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({space}, {unchecked((int)budget.SubjectId)})", cancellationToken);
        }

        var now = time.GetUtcNow();
        var monthStart = BudgetMonth.Start(now);
        var day = DateOnly.FromDateTime(now.UtcDateTime);

        // Unfinished work before the ledger: a picture stored between the two reads is counted twice (too careful
        // for a moment), never not at all.
        var pending = new List<PlannedSpend>();
        foreach (var source in sources)
        {
            pending.AddRange(await source.ListUnfinishedAsync(plan.UserId, plan.ProductId, cancellationToken));
        }

        foreach (var budget in budgets)
        {
            var spent = await SpentAsync(costs, budget, monthStart, cancellationToken);
            var waiting = pending.Where(p => Applies(budget, p)).Sum(p => InCurrency(p, budget, day));
            var estimate = InCurrency(plan, budget, day);
            if (spent + waiting + estimate > budget.MonthlyLimit)
            {
                return new BudgetExceededError(
                    budget.Scope == BudgetScope.User ? "USER" : "PRODUCT",
                    CostsIds.Subject(budget.Scope, budget.SubjectId),
                    budget.MonthlyLimit,
                    spent,
                    waiting,
                    estimate,
                    budget.Currency);
            }
        }

        return null;
    }

    public static async Task<decimal> SpentAsync(CostsDbContext costs, Budget budget, DateTimeOffset monthStart, CancellationToken cancellationToken)
    {
        var entries = costs.Entries.Where(e => e.Currency == budget.Currency && e.At >= monthStart);
        entries = budget.Scope == BudgetScope.User ? entries.Where(e => e.UserId == budget.SubjectId) : entries.Where(e => e.ProductId == budget.SubjectId);
        return await entries.SumAsync(e => e.Amount, cancellationToken) ?? 0m;
    }

    private static bool Applies(Budget budget, PlannedSpend spend) =>
        budget.Scope == BudgetScope.User ? spend.UserId == budget.SubjectId : spend.ProductId == budget.SubjectId;

    private decimal InCurrency(PlannedSpend spend, Budget budget, DateOnly day) =>
        prices.Estimate(spend, day) is { } estimate && estimate.Currency == budget.Currency ? estimate.Amount : 0m;
}
