using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.Costs.Budgets;
using ProductDescriber.Costs.Reports;

namespace ProductDescriber.Costs;

/// <summary>Costs' root fields; the <c>cost</c> fields of other modules' types are in Summaries/CostFields.cs.</summary>
internal sealed class CostsGraphQLContributor : IGraphQLContributor
{
    public void ContributeQuery(ObjectGraphType query)
    {
        CostReport.AddField(query);
        ListBudgets.AddField(query);
    }

    public void ContributeMutation(ObjectGraphType mutation) => SetBudget.AddField(mutation);
}
