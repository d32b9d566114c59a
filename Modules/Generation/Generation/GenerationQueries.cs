using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.Generation.Gallery;
using ProductDescriber.Generation.Requests;

namespace ProductDescriber.Generation;

/// <summary>Generation's read side: <c>generationRequest(id:)</c> and the types reachable through <c>node(id:)</c>.</summary>
internal sealed class GenerationQueries : IGraphQLContributor
{
    public IEnumerable<Type> AdditionalTypes => [typeof(GenerationRequestGraphType), typeof(GeneratedImageGraphType)];

    public void ContributeQuery(ObjectGraphType query) =>
        query.Field<GenerationRequestGraphType, GenerationRequest?>("generationRequest")
            .Description("A generation request by id; null when there is none (or the id is not one).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve()
            .WithService<GenerationRequestByIdLoader>()
            .ResolveAsync((ctx, requests) => GenerationIds.TryRequest(ctx.GetArgument<string>("id"), out var key)
                ? requests.LoadAsync(key)
                : new ReadyResult<GenerationRequest?>(null));
}
