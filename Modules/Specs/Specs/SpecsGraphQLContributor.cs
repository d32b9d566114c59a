using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.Specs.Analysis;
using ProductDescriber.Specs.Specifications;
using ProductDescriber.Specs.Templates;

namespace ProductDescriber.Specs;

/// <summary>Specs' root fields, one use case each. The order here is the order of the printed schema.</summary>
internal sealed class SpecsGraphQLContributor : IGraphQLContributor
{
    public IEnumerable<Type> AdditionalTypes =>
        [typeof(InvalidYamlErrorGraphType), typeof(TemplateViolationErrorGraphType),
         typeof(SpecificationGraphType), typeof(AnalysisRunGraphType)];

    public void ContributeQuery(ObjectGraphType query) => ListTemplates.AddField(query);

    public void ContributeMutation(ObjectGraphType mutation)
    {
        AnalyzeProduct.AddField(mutation);
        UpdateSpecification.AddField(mutation);
        ActivateSpecification.AddField(mutation);
    }

    public void ContributeSubscription(ObjectGraphType subscription) => AnalysisRunChanged.AddField(subscription);
}
