using GraphQL;
using GraphQL.DataLoader;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Specs;

/// <summary>Every signed-in user may read every specification and run (the raw reply of a run excepted).</summary>
internal sealed class SpecificationNodeResolver : INodeResolver
{
    public string TypeName => SpecsGraphTypes.Specification;

    public IDataLoaderResult<object?> Resolve(IResolveFieldContext context, string key) =>
        GlobalId.TryParseLongKey(key, out var id)
            ? new BoxedResult(context.RequestServices!.GetRequiredService<SpecificationByIdLoader>().LoadAsync(id))
            : new ReadyResult<object?>(null);
}

internal sealed class AnalysisRunNodeResolver : INodeResolver
{
    public string TypeName => SpecsGraphTypes.AnalysisRun;

    public IDataLoaderResult<object?> Resolve(IResolveFieldContext context, string key) =>
        GlobalId.TryParseLongKey(key, out var id)
            ? new BoxedResult(context.RequestServices!.GetRequiredService<AnalysisRunByIdLoader>().LoadAsync(id))
            : new ReadyResult<object?>(null);
}
