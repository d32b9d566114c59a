using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Costs.Contracts;
using ProductDescriber.Costs.Persistence;

namespace ProductDescriber.Costs.Budgets;

/// <summary>
/// <c>setBudget</c>, admins only: sets (or, with <c>monthlyLimit: null</c>, removes) the monthly budget of a user or
/// a product. Budgets are data, not configuration: they name users and products by id and change while the Host runs.
/// </summary>
internal static partial class SetBudget
{
    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<SetBudgetPayloadGraphType>, SetBudgetPayload>("setBudget")
            .Description("Sets the monthly budget of a user (all their analyses and generations) or a product (everyone's); `monthlyLimit: null` removes it. Analyses and generations that would exceed a budget are refused with a BudgetExceededError before any paid call. Admins only.")
            .Argument<NonNullGraphType<SetBudgetInputGraphType>>("input")
            .AuthorizeWithRoles(Roles.Admin)
            .Resolve()
            .WithScope()
            .WithService<CostsDbContext>()
            .ResolveAsync(async (ctx, db) => await SetAsync(db, ctx.GetArgument<SetBudgetInput>("input"), ctx.User.GetUserId(), ctx.CancellationToken));

    private static async Task<SetBudgetPayload> SetAsync(CostsDbContext db, SetBudgetInput input, long? callerId, CancellationToken cancellationToken)
    {
        if (!CostsIds.TrySubject(input.Scope, input.Id, out var subjectId))
        {
            return SetBudgetPayload.Failed(new NotFoundError(input.Scope == BudgetScope.User ? "No user has this id." : "No product has this id."));
        }

        var currency = input.Currency.Trim().ToUpperInvariant();
        if (!CurrencyCode().IsMatch(currency))
        {
            return SetBudgetPayload.Failed(new ValidationError("currency", "A three-letter ISO 4217 code, e.g. USD."));
        }

        if (input.MonthlyLimit is < 0 or > 1_000_000_000m)
        {
            return SetBudgetPayload.Failed(new ValidationError("monthlyLimit", "Between 0 and 1,000,000,000 (null removes the budget)."));
        }

        var budget = await db.Budgets.FirstOrDefaultAsync(b => b.Scope == input.Scope && b.SubjectId == subjectId, cancellationToken);
        if (input.MonthlyLimit is not { } limit)
        {
            if (budget is not null)
            {
                db.Budgets.Remove(budget);
                await db.SaveChangesAsync(cancellationToken);
            }

            return new SetBudgetPayload(null, []);
        }

        if (budget is null)
        {
            budget = new Budget { Scope = input.Scope, SubjectId = subjectId };
            db.Budgets.Add(budget);
        }

        budget.MonthlyLimit = decimal.Round(limit, 6, MidpointRounding.AwayFromZero);
        budget.Currency = currency;
        budget.UpdatedById = callerId;
        budget.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        return new SetBudgetPayload(budget, []);
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}

internal sealed class SetBudgetInput
{
    public BudgetScope Scope { get; init; }

    public string Id { get; init; } = "";

    public decimal? MonthlyLimit { get; init; }

    public string Currency { get; init; } = "USD";
}

internal sealed class SetBudgetInputGraphType : InputObjectGraphType<SetBudgetInput>
{
    public SetBudgetInputGraphType()
    {
        Name = "SetBudgetInput";
        Field<NonNullGraphType<BudgetScopeGraphType>>("scope").Description("USER or PRODUCT.");
        Field<NonNullGraphType<IdGraphType>>("id").Description("The user's or product's id.");
        Field<DecimalGraphType>("monthlyLimit").Description("The most its priced calls may cost per calendar month (UTC); null removes the budget.");
        Field<StringGraphType>("currency").DefaultValue("USD").Description("ISO 4217 code; only calls priced in it count.");
    }
}

internal sealed record SetBudgetPayload(Budget? Budget, IReadOnlyList<PayloadError> Errors) : IPayload
{
    public static SetBudgetPayload Failed(PayloadError error) => new(null, [error]);
}

internal sealed class SetBudgetPayloadGraphType : PayloadGraphType<SetBudgetPayload>
{
    public SetBudgetPayloadGraphType()
        : base("SetBudgetPayload")
    {
        Field<BudgetGraphType>("budget").Description("The budget as set; null when removed or refused.").Resolve(ctx => ctx.Source.Budget);
    }
}

internal sealed class BudgetScopeGraphType : EnumerationGraphType<BudgetScope>
{
    public BudgetScopeGraphType()
    {
        Name = "BudgetScope";
        Description = "Whose spending a budget limits: one user's (every product) or one product's (every user).";
    }
}

internal sealed class BudgetGraphType : ObjectGraphType<Budget>
{
    public BudgetGraphType()
    {
        Name = CostsGraphTypes.Budget;
        Description = "A monthly spending limit on analyses and generations.";
        Field<NonNullGraphType<BudgetScopeGraphType>>("scope").Description("USER or PRODUCT.").Resolve(ctx => ctx.Source.Scope);
        Field<NonNullGraphType<IdGraphType>>("subjectId").Description("The user or product.").Resolve(ctx => CostsIds.Subject(ctx.Source.Scope, ctx.Source.SubjectId));
        Field(b => b.MonthlyLimit).Description("The limit per calendar month (UTC).");
        Field(b => b.Currency).Description("ISO 4217 code.");
        Field<NonNullGraphType<DecimalGraphType>>("spentThisMonth")
            .Description("What priced calls in its currency cost this calendar month (UTC) against it; unfinished work, which a new request is also judged with, is not in it.")
            .ResolveAsync(async ctx =>
            {
                if (ctx.Source.SpentThisMonth is { } spent)
                {
                    return spent;
                }

                // One budget (setBudget's payload): summed on its own.
                var contexts = ctx.RequestServices!.GetRequiredService<IDbContextFactory<CostsDbContext>>();
                var now = ctx.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow();
                await using var db = await contexts.CreateDbContextAsync(ctx.CancellationToken);
                return (object?)await BudgetGuard.SpentAsync(db, ctx.Source, BudgetMonth.Start(now), ctx.CancellationToken);
            });
        Field(b => b.UpdatedAt).Description("When it was last set.");
    }
}
