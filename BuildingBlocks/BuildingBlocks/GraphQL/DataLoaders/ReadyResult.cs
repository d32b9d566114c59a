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
