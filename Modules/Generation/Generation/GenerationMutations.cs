using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.Generation.Activity;
using ProductDescriber.Generation.Descriptions;
using ProductDescriber.Generation.Requests;

namespace ProductDescriber.Generation;

/// <summary>Generation's mutations and subscriptions, one use case each. The order here is the order of the printed schema.</summary>
internal sealed class GenerationMutations : IGraphQLContributor
{
    public IEnumerable<Type> AdditionalTypes => [typeof(NoSpecificationErrorGraphType), typeof(AlreadyFinishedErrorGraphType)];

    public void ContributeMutation(ObjectGraphType mutation)
    {
        GenerateImages.AddField(mutation);
        CancelGeneration.AddField(mutation);
        DeleteGeneration.AddField(mutation);
        RegenerateStaleImages.AddField(mutation);
        DescribeGeneratedImage.AddField(mutation);
    }

    public void ContributeSubscription(ObjectGraphType subscription)
    {
        GenerationChanged.AddField(subscription);
        ProductActivity.AddField(subscription);
    }
}
