using GraphQL;
using GraphQL.DataLoader;
using Microsoft.Extensions.DependencyInjection;

namespace ProductDescriber.BuildingBlocks.GraphQL.Relay;

/// <summary>
/// Fetches objects of one node type by key for <c>node</c>/<c>nodes</c>. Implementations go through a batch
/// loader (so <c>nodes(ids:)</c> costs one query per type) and apply the same access rules as the type's own fields.
/// </summary>
public interface INodeResolver
{
    string TypeName { get; }

    /// <summary>Returns null (as the result) when the key is malformed, unknown or not visible to the caller.</summary>
    IDataLoaderResult<object?> Resolve(IResolveFieldContext context, string key);
}

/// <summary>
/// The usual node resolver: a numeric key through the type's batch loader from the request's scope, null for a key
/// that cannot be one. For types every signed-in user may read whole; others implement <see cref="INodeResolver"/>.
/// </summary>
public abstract class LoaderNodeResolver<TLoader, TValue>(string typeName) : INodeResolver
    where TLoader : DataLoaders.BatchDataLoader<long, TValue>
    where TValue : class
{
    public string TypeName => typeName;

    public IDataLoaderResult<object?> Resolve(IResolveFieldContext context, string key) =>
        GlobalId.TryParseLongKey(key, out var id)
            ? new DataLoaders.BoxedResult(context.RequestServices!.GetRequiredService<TLoader>().LoadAsync(id))
            : new DataLoaders.ReadyResult<object?>(null);
}
