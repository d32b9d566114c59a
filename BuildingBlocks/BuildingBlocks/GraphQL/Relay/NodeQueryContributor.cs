using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.GraphQL.Schema;

namespace ProductDescriber.BuildingBlocks.GraphQL.Relay;

/// <summary>Adds <c>node(id:)</c> and <c>nodes(ids:)</c>, dispatching to the module that owns each type.</summary>
public sealed class NodeQueryContributor(IEnumerable<INodeResolver> resolvers) : IGraphQLContributor
{
    /// <summary>Caps <c>nodes(ids:)</c> so one request cannot ask for an unbounded fan-out.</summary>
    public const int MaxIds = 50;

    private readonly Dictionary<string, INodeResolver> _resolvers = resolvers.ToDictionary(r => r.TypeName);

    public void ContributeQuery(ObjectGraphType query)
    {
        query.Field<NodeInterfaceGraphType>("node")
            .Description("Fetches any object by its global id; null when it does not exist or is not visible to you.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve(ctx => Resolve(ctx, ctx.GetArgument<string>("id")));

        query.Field<NonNullGraphType<ListGraphType<NodeInterfaceGraphType>>>("nodes")
            .Description($"Fetches several objects by global id (at most {MaxIds}), in the order asked.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids")
            .Resolve(ctx =>
            {
                var ids = ctx.GetArgument<List<string>>("ids");
                if (ids.Count > MaxIds)
                {
                    throw new ExecutionError($"At most {MaxIds} ids may be fetched at once.") { Code = "TOO_MANY_IDS" };
                }

                var results = ids.Select(id => Resolve(ctx, id)).ToList();
                return new AllResults(results);
            });
    }

    private IDataLoaderResult<object?> Resolve(IResolveFieldContext context, string id) =>
        GlobalId.TryDecode(id, out var typeName, out var key) && _resolvers.TryGetValue(typeName, out var resolver)
            ? resolver.Resolve(context, key)
            : new ReadyResult<object?>(null);

    /// <summary>Waits for every per-id result only after all were queued, so each type loads in one batch.</summary>
    private sealed class AllResults(List<IDataLoaderResult<object?>> results) : IDataLoaderResult<object?[]>
    {
        public async Task<object?[]> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = new object?[results.Count];
            for (var i = 0; i < results.Count; i++)
            {
                values[i] = await results[i].GetResultAsync(cancellationToken);
            }

            return values;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}
