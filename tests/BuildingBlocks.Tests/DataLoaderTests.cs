using GraphQL;
using GraphQL.Resolvers;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;

namespace ProductDescriber.BuildingBlocks.Tests;

public sealed class DataLoaderTests
{
    [Fact]
    public async Task Keys_queued_before_the_first_result_is_awaited_are_fetched_in_one_batch()
    {
        var loader = new NameLoader();
        var results = new[] { 1, 2, 1, 3 }.Select(loader.LoadAsync).ToList();

        var names = await Task.WhenAll(results.Select(r => r.GetResultAsync()));

        Assert.Equal(new string?[] { "name-1", "name-2", "name-1", "name-3" }, names);
        var batch = Assert.Single(loader.Batches);
        Assert.Equal([1, 2, 3], batch);
    }

    [Fact]
    public async Task Keys_loaded_by_several_resolvers_during_execution_are_fetched_in_one_batch()
    {
        var loader = new NameLoader();
        var item = new ObjectGraphType<Item> { Name = "Item" };
        item.AddField(new FieldType
        {
            Name = "owner",
            ResolvedType = new StringGraphType(),
            Resolver = new FuncFieldResolver<Item, object>(ctx => loader.LoadAsync(ctx.Source.OwnerId)),
        });
        item.AddField(new FieldType
        {
            Name = "reviewer",
            ResolvedType = new StringGraphType(),
            Resolver = new FuncFieldResolver<Item, object>(ctx => loader.LoadAsync(ctx.Source.ReviewerId)),
        });
        var query = new ObjectGraphType { Name = "Query" };
        query.AddField(new FieldType
        {
            Name = "items",
            ResolvedType = new ListGraphType(item),
            Resolver = new FuncFieldResolver<object>(_ => Enumerable.Range(1, 10).Select(i => new Item(i % 4, 100 + (i % 3))).ToList()),
        });
        var schema = new Schema { Query = query };

        var result = await new DocumentExecuter().ExecuteAsync(new ExecutionOptions { Schema = schema, Query = "{ items { owner reviewer } }" });

        Assert.Null(result.Errors);
        Assert.Contains("\"owner\":\"name-1\",\"reviewer\":\"name-102\"", new GraphQLSerializer().Serialize(result));
        var batch = Assert.Single(loader.Batches);
        Assert.Equal([0, 1, 2, 3, 100, 101, 102], batch.Order());
    }

    [Fact]
    public async Task Results_are_cached_per_loader_instance()
    {
        var loader = new NameLoader();
        Assert.Equal("name-7", await loader.LoadAsync(7).GetResultAsync());
        Assert.Equal("name-7", await loader.LoadAsync(7).GetResultAsync());
        Assert.Single(loader.Batches);

        var another = new NameLoader();
        Assert.Equal("name-7", await another.LoadAsync(7).GetResultAsync());
        Assert.Single(another.Batches);
    }

    [Fact]
    public async Task A_later_key_gets_its_own_batch_while_earlier_ones_stay_cached()
    {
        var loader = new NameLoader();
        await loader.LoadAsync(1).GetResultAsync();

        var again = loader.LoadAsync(1);
        var fresh = loader.LoadAsync(2);
        Assert.Equal("name-1", await again.GetResultAsync());
        Assert.Equal("name-2", await fresh.GetResultAsync());

        Assert.Equal([[1], [2]], loader.Batches);
    }

    [Fact]
    public async Task Missing_keys_resolve_to_null_for_batch_loaders_and_empty_for_group_loaders()
    {
        var names = new NameLoader();
        var found = names.LoadAsync(1);
        var missing = names.LoadAsync(NameLoader.Unknown);
        Assert.Equal("name-1", await found.GetResultAsync());
        Assert.Null(await missing.GetResultAsync());

        var groups = new TagLoader();
        var tagged = groups.LoadAsync(2);
        var untagged = groups.LoadAsync(3);
        Assert.Equal(["tag-2a", "tag-2b"], await tagged.GetResultAsync());
        Assert.Empty(await untagged.GetResultAsync());
    }

    [Fact]
    public async Task An_exception_in_fetch_fails_every_key_of_that_batch()
    {
        var loader = new NameLoader { Failure = new InvalidOperationException("database down") };
        var results = new[] { 1, 2, 3 }.Select(loader.LoadAsync).ToList();

        foreach (var result in results)
        {
            var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => result.GetResultAsync());
            Assert.Equal("database down", exception.Message);
        }

        Assert.Single(loader.Batches);
    }

    [Fact]
    public async Task Batches_larger_than_the_maximum_are_split()
    {
        var loader = new NameLoader { BatchLimit = 2 };
        var results = Enumerable.Range(1, 5).Select(loader.LoadAsync).ToList();

        var names = await Task.WhenAll(results.Select(r => r.GetResultAsync()));

        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"name-{i}"), names);
        Assert.Equal([[1, 2], [3, 4], [5]], loader.Batches);
    }

    private sealed record Item(int OwnerId, int ReviewerId);

    private sealed class NameLoader : BatchDataLoader<int, string>
    {
        public const int Unknown = -1;

        public List<int[]> Batches { get; } = [];

        public Exception? Failure { get; init; }

        public int BatchLimit { get; init; } = 1000;

        protected override int MaxBatchSize => BatchLimit;

        protected override async Task<IReadOnlyDictionary<int, string>> LoadBatchAsync(IReadOnlyList<int> keys, CancellationToken cancellationToken)
        {
            lock (Batches)
            {
                Batches.Add([.. keys]);
            }

            await Task.Yield();
            if (Failure is not null)
            {
                throw Failure;
            }

            return keys.Where(k => k != Unknown).ToDictionary(k => k, k => $"name-{k}");
        }
    }

    private sealed class TagLoader : GroupDataLoader<int, string>
    {
        protected override Task<IReadOnlyDictionary<int, IReadOnlyList<string>>> FetchAsync(IReadOnlyList<int> keys, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<int, IReadOnlyList<string>>>(
                keys.Where(k => k % 2 == 0).ToDictionary(k => k, k => (IReadOnlyList<string>)[$"tag-{k}a", $"tag-{k}b"]));
    }
}
