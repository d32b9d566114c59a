using GraphQL.Types;
using ProductDescriber.Costs.Contracts;

namespace ProductDescriber.Costs.Summaries;

internal sealed class MoneyGraphType : ObjectGraphType<Money>
{
    public MoneyGraphType()
    {
        Name = "Money";
        Description = "An amount of money (exact decimal, 6 places at most) in a currency.";
        Field(m => m.Amount).Description("The amount.");
        Field(m => m.Currency).Description("ISO 4217 code, e.g. USD.");
    }
}

internal sealed class CostGraphType : ObjectGraphType<CostSummary>
{
    public CostGraphType()
    {
        Name = CostsGraphTypes.Cost;
        Description = "What the paid provider calls behind an object cost, from the cost ledger.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MoneyGraphType>>>>("amounts")
            .Description("The sum of the priced calls, one per currency (empty when nothing was priced).")
            .Resolve(ctx => ctx.Source.Amounts);
        Field(c => c.Calls).Description("Paid provider calls recorded.");
        Field(c => c.UnpricedCalls).Description("Calls recorded without a price (none configured for their provider, model or unit): not in `amounts`, never guessed.");
        Field<NonNullGraphType<BooleanGraphType>>("isComplete")
            .Description("true when every call was priced, so `amounts` is the whole cost.")
            .Resolve(ctx => ctx.Source.UnpricedCalls == 0);
    }
}
