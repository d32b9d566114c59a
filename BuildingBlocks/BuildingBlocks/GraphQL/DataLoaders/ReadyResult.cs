using GraphQL.DataLoader;

namespace ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;

/// <summary>A loader result that is already known (e.g. null for an id that cannot exist), needing no batch.</summary>
public sealed class ReadyResult<T>(T value) : IDataLoaderResult<T>
{
    public Task<T> GetResultAsync(CancellationToken cancellationToken = default) => Task.FromResult(value);

    Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => Task.FromResult<object?>(value);
}

/// <summary>A typed loader result seen as <c>object?</c>, which is what node resolvers return for any type.</summary>
public sealed class BoxedResult(IDataLoaderResult inner) : IDataLoaderResult<object?>
{
    public Task<object?> GetResultAsync(CancellationToken cancellationToken = default) => inner.GetResultAsync(cancellationToken);
}

/// <summary>Mapping a loader result without resolving it early, so the key still joins its batch.</summary>
public static class DataLoaderResultExtensions
{
    public static IDataLoaderResult<TOut> Then<TIn, TOut>(this IDataLoaderResult<TIn> result, Func<TIn, TOut> map) => new Mapped<TIn, TOut>(result, map);

    private sealed class Mapped<TIn, TOut>(IDataLoaderResult<TIn> inner, Func<TIn, TOut> map) : IDataLoaderResult<TOut>
    {
        public async Task<TOut> GetResultAsync(CancellationToken cancellationToken = default) => map(await inner.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
