using GraphQL.DataLoader;

namespace ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;

/// <summary>Marker for request-scoped loaders, so modules' loaders are registered by scanning.</summary>
public interface IDataLoader;

/// <summary>
/// A request-scoped batching loader. Resolvers call <see cref="LoadAsync"/> and return the result; GraphQL.NET's
/// execution strategy resolves every pending <see cref="IDataLoaderResult"/> of a level only after all resolvers of
/// that level ran, so the first <c>GetResultAsync</c> finds every key queued and dispatches them as one batch.
/// Results are cached for the rest of the request (one scope = one request, or one subscription event).
/// </summary>
public abstract class DataLoader<TKey, TResult> : IDataLoader where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, TaskCompletionSource<TResult>> _cache = [];
    private List<TKey> _pending = [];

    /// <summary>Largest batch sent to <see cref="FetchAsync"/>; bigger key sets are split.</summary>
    protected virtual int MaxBatchSize => 1000;

    public IDataLoaderResult<TResult> LoadAsync(TKey key)
    {
        lock (_gate)
        {
            if (!_cache.TryGetValue(key, out var completion))
            {
                completion = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                _cache[key] = completion;
                _pending.Add(key);
            }

            return new PendingResult(this, completion.Task);
        }
    }

    /// <summary>
    /// Stores what another statement of this request already read for <paramref name="key"/> (e.g. a page query that
    /// joined it), so loading the key sends no batch. A key already loaded or queued keeps its own result.
    /// </summary>
    public void Prime(TKey key, TResult value)
    {
        lock (_gate)
        {
            if (!_cache.ContainsKey(key))
            {
                var completion = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                completion.SetResult(value);
                _cache[key] = completion;
            }
        }
    }

    /// <summary>Loads a batch; keys missing from the answer resolve to <see cref="Missing"/>.</summary>
    protected abstract Task<IReadOnlyDictionary<TKey, TResult>> FetchAsync(IReadOnlyList<TKey> keys, CancellationToken cancellationToken);

    protected abstract TResult Missing { get; }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        List<TKey> batch;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            batch = _pending;
            _pending = [];
        }

        foreach (var chunk in batch.Chunk(MaxBatchSize))
        {
            await FetchChunkAsync(chunk, cancellationToken);
        }
    }

    private async Task FetchChunkAsync(TKey[] keys, CancellationToken cancellationToken)
    {
        try
        {
            var found = await FetchAsync(keys, cancellationToken);
            foreach (var key in keys)
            {
                Completion(key).TrySetResult(found.TryGetValue(key, out var value) ? value : Missing);
            }
        }
        catch (Exception exception)
        {
            foreach (var key in keys)
            {
                Completion(key).TrySetException(exception);
            }
        }
    }

    private TaskCompletionSource<TResult> Completion(TKey key)
    {
        lock (_gate)
        {
            return _cache[key];
        }
    }

    private sealed class PendingResult(DataLoader<TKey, TResult> loader, Task<TResult> result) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default)
        {
            if (!result.IsCompleted)
            {
                await loader.DispatchAsync(cancellationToken);
            }

            return await result.WaitAsync(cancellationToken);
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}

/// <summary>One value (or null) per key, e.g. a user by id.</summary>
public abstract class BatchDataLoader<TKey, TValue> : DataLoader<TKey, TValue?>
    where TKey : notnull
    where TValue : class
{
    protected override TValue? Missing => null;

    /// <summary>Loads a batch; keys missing from the answer resolve to null.</summary>
    protected abstract Task<IReadOnlyDictionary<TKey, TValue>> LoadBatchAsync(IReadOnlyList<TKey> keys, CancellationToken cancellationToken);

    protected sealed override async Task<IReadOnlyDictionary<TKey, TValue?>> FetchAsync(IReadOnlyList<TKey> keys, CancellationToken cancellationToken) =>
        (IReadOnlyDictionary<TKey, TValue?>)await LoadBatchAsync(keys, cancellationToken);
}

/// <summary>Many values per key, e.g. the reference images of a product.</summary>
public abstract class GroupDataLoader<TKey, TValue> : DataLoader<TKey, IReadOnlyList<TValue>> where TKey : notnull
{
    protected override IReadOnlyList<TValue> Missing => [];
}
