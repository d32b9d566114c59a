using System.Security.Claims;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Costs.Persistence;

namespace ProductDescriber.Costs.Budgets;

/// <summary>
/// <c>budgets</c>: the budgets the caller may read, each with what was spent against it this calendar month (UTC), in
/// one SQL statement. Admins read every budget. Others read their own user budget and every product budget: every
/// signed-in user sees every product and its <c>cost</c>, so a product's limit tells them nothing new, while another
/// user's budget and spending stay theirs (and the admins').
/// </summary>
internal static class ListBudgets
{
    public static void AddField(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<BudgetGraphType>>>>("budgets")
            .Description("Monthly budgets with what was spent against each this month (UTC), users' first, then products', each by id. Admins see every budget; others their own user budget and every product's.")
            .ResolveAsync(async ctx =>
            {
                var contexts = ctx.RequestServices!.GetRequiredService<IDbContextFactory<CostsDbContext>>();
                var time = ctx.RequestServices!.GetRequiredService<TimeProvider>();
                return await ListAsync(contexts, ctx.User, BudgetMonth.Start(time.GetUtcNow()), ctx.CancellationToken);
            });

    public static async Task<IReadOnlyList<Budget>> ListAsync(IDbContextFactory<CostsDbContext> contexts, ClaimsPrincipal? caller, DateTimeOffset monthStart, CancellationToken cancellationToken)
    {
        var everyone = caller.IsAdmin();
        var userId = caller.GetUserId() ?? -1;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // One statement: each budget's spending a correlated sum, read by its own index (user_id, at) or
        // (product_id, at), in the budget's currency.
        var rows = await db.Budgets.AsNoTracking()
            .Where(b => everyone || b.Scope == BudgetScope.Product || b.SubjectId == userId)
            .OrderByDescending(b => b.Scope == BudgetScope.User).ThenBy(b => b.SubjectId)
            .Select(b => new
            {
                Budget = b,
                Spent = b.Scope == BudgetScope.User
                    ? db.Entries.Where(e => e.UserId == b.SubjectId && e.At >= monthStart && e.Currency == b.Currency).Sum(e => e.Amount)
                    : db.Entries.Where(e => e.ProductId == b.SubjectId && e.At >= monthStart && e.Currency == b.Currency).Sum(e => e.Amount),
            })
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            row.Budget.SpentThisMonth = row.Spent ?? 0m;
        }

        return [.. rows.Select(r => r.Budget)];
    }
}

/// <summary>Budgets count calendar months in UTC.</summary>
internal static class BudgetMonth
{
    public static DateTimeOffset Start(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
