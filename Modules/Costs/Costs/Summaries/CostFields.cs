using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Generation.Contracts;
using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Costs.Summaries;

/// <summary><c>Product.cost</c>: every paid call made for the product (analyses and generations).</summary>
internal sealed class ProductCostField : IGraphTypeExtension
{
    public string TypeName => CatalogGraphTypes.Product;

    public void Extend(IObjectGraphType type) =>
        CostField.Add<ProductCostLoader>(type, "What the product's analyses and generations cost, from the cost ledger.", ctx => ((ProductInfo)ctx.Source!).Id);
}

/// <summary><c>GenerationRequest.cost</c>: the request's pictures.</summary>
internal sealed class GenerationRequestCostField : IGraphTypeExtension
{
    public string TypeName => GenerationGraphTypes.GenerationRequest;

    public void Extend(IObjectGraphType type) =>
        CostField.Add<GenerationRequestCostLoader>(type, "What the request's pictures cost (one ledger row per picture delivered).", ctx => ((IGenerationRequestKey)ctx.Source!).Id);
}

/// <summary><c>AnalysisRun.cost</c>: the run's answered call.</summary>
internal sealed class AnalysisRunCostField : IGraphTypeExtension
{
    public string TypeName => SpecsGraphTypes.AnalysisRun;

    public void Extend(IObjectGraphType type) =>
        CostField.Add<AnalysisRunCostLoader>(type, "What the run's answered provider call cost (paid even when its reply was unusable).", ctx => ((IAnalysisRunKey)ctx.Source!).Id);
}

internal static class CostField
{
    public static void Add<TLoader>(IObjectGraphType type, string description, Func<IResolveFieldContext, long> key)
        where TLoader : CostLoader =>
        type.AddField(new FieldType
        {
            Name = "cost",
            Description = description,
            Type = typeof(NonNullGraphType<CostGraphType>),
            Resolver = new FuncFieldResolver<object?>(ctx => ctx.RequestServices!.GetRequiredService<TLoader>().LoadAsync(key(ctx))),
        }).DependsOn(typeof(TLoader));
}
