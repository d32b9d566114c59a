using GraphQL;
using GraphQL.DataLoader;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Catalog;

/// <summary>Every signed-in user may read every product and image, archived ones included.</summary>
internal sealed class ProductNodeResolver : INodeResolver
{
    public string TypeName => CatalogGraphTypes.Product;

    public IDataLoaderResult<object?> Resolve(IResolveFieldContext context, string key) =>
        GlobalId.TryParseLongKey(key, out var id)
            ? new BoxedResult(context.RequestServices!.GetRequiredService<ProductByIdLoader>().LoadAsync(id))
            : new ReadyResult<object?>(null);
}

internal sealed class ReferenceImageNodeResolver : INodeResolver
{
    public string TypeName => CatalogGraphTypes.ReferenceImage;

    public IDataLoaderResult<object?> Resolve(IResolveFieldContext context, string key) =>
        GlobalId.TryParseLongKey(key, out var id)
            ? new BoxedResult(context.RequestServices!.GetRequiredService<ReferenceImageByIdLoader>().LoadAsync(id))
            : new ReadyResult<object?>(null);
}
