using System.Security.Claims;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.Paging;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Costs.Persistence;

namespace ProductDescriber.Costs.Budgets;

/// <summary>
/// <c>budgets</c>: the budgets the caller may read, paged (users' first, then products', each by id), each with what
/// was spent against it this calendar month (UTC): the page in one SQL statement, the spending of its budgets in one
/// more, however many they are. Admins read every budget. Others read their own user budget and every product
/// budget: every signed-in user sees every product and its <c>cost</c>, so a product's limit tells them nothing new,
/// while another user's budget and spending stay theirs (and the admins').
/// </summary>
internal static class ListBudgets
{
    // Users' budgets first: the scope as a number, since the column holds its name and names sort the other way.
    private static readonly SortKey<Budget>[] UsersFirst =
    [
        SortKey<Budget>.Ascending(b => b.Scope == BudgetScope.User ? 0 : 1),
        SortKey<Budget>.Ascending(b => b.SubjectId),
    ];

    public static void AddField(ObjectGraphType query) =>
        query.AddConnectionField<BudgetGraphType, Budget, IDbContextFactory<CostsDbContext>>(
            "budgets",
            "Monthly budgets with what was spent against each this month (UTC), users' first, then products', each by id. Admins see every budget; others their own user budget and every product's.",
            async (ctx, contexts, page) =>
            {
                var time = ctx.RequestServices!.GetRequiredService<TimeProvider>();
                return await ListAsync(contexts, ctx.User, page, BudgetMonth.Start(time.GetUtcNow()), ctx.CancellationToken);
            });

    private static async Task<ConnectionResult<Budget>> ListAsync(
        IDbContextFactory<CostsDbContext> contexts, ClaimsPrincipal? caller, PageRequest page, DateTimeOffset monthStart, CancellationToken cancellationToken)
    {
        var everyone = caller.IsAdmin();
        var userId = caller.GetUserId() ?? -1;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var visible = db.Budgets.AsNoTracking().Where(b => everyone || b.Scope == BudgetScope.Product || b.SubjectId == userId);
        var result = await visible.ToConnectionAsync(page, UsersFirst, cancellationToken);
        await AddSpendingAsync(db, [.. result.Edges.Select(e => e.Node)], monthStart, cancellationToken);
        return result;
    }

    /// <summary>
    /// One statement for the page: each budget's spending a correlated sum, read by its own index (user_id, at) or
    /// (product_id, at), in the budget's currency.
    /// </summary>
    private static async Task AddSpendingAsync(CostsDbContext db, List<Budget> budgets, DateTimeOffset monthStart, CancellationToken cancellationToken)
    {
        if (budgets.Count == 0)
        {
            return;
        }

        var users = budgets.Where(b => b.Scope == BudgetScope.User).Select(b => b.SubjectId).ToList();
        var products = budgets.Where(b => b.Scope == BudgetScope.Product).Select(b => b.SubjectId).ToList();
        var spent = await db.Budgets.AsNoTracking()
            .Where(b => (b.Scope == BudgetScope.User && users.Contains(b.SubjectId)) || (b.Scope == BudgetScope.Product && products.Contains(b.SubjectId)))
            .Select(b => new
            {
                b.Scope,
                b.SubjectId,
                Spent = b.Scope == BudgetScope.User
                    ? db.Entries.Where(e => e.UserId == b.SubjectId && e.At >= monthStart && e.Currency == b.Currency).Sum(e => e.Amount)
                    : db.Entries.Where(e => e.ProductId == b.SubjectId && e.At >= monthStart && e.Currency == b.Currency).Sum(e => e.Amount),
            })
            .ToDictionaryAsync(row => (row.Scope, row.SubjectId), row => row.Spent ?? 0m, cancellationToken);
        foreach (var budget in budgets)
        {
            budget.SpentThisMonth = spent.GetValueOrDefault((budget.Scope, budget.SubjectId));
        }
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
