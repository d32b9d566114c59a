using GraphQL;
using GraphQL.DataLoader;
using Microsoft.Extensions.DependencyInjection;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;

namespace ProductDescriber.Identity.Users;

/// <summary>Any signed-in user may see others through <c>node</c>, as they do through <c>createdBy</c>; emails stay private.</summary>
internal sealed class UserNodeResolver : INodeResolver
{
    public string TypeName => UserGraphType.TypeName;

    public IDataLoaderResult<object?> Resolve(IResolveFieldContext context, string key) =>
        GlobalId.TryParseLongKey(key, out var id)
            ? new BoxedResult(context.RequestServices!.GetRequiredService<UserByIdLoader>().LoadAsync(id))
            : new ReadyResult<object?>(null);
}
