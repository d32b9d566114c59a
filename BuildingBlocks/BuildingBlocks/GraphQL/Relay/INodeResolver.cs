using GraphQL;
using GraphQL.DataLoader;

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
