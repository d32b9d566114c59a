using System.Collections.Concurrent;
using ProductDescriber.BuildingBlocks.Storage;

namespace ProductDescriber.Host.Tests.Storage.Ledger;

/// <summary>
/// Real storage with a hook before each deletion (to fail it or hold it) and a count of the deletions asked for,
/// shared between several <see cref="ScriptedStorage"/> when the counts dictionary is.
/// </summary>
internal sealed class ScriptedStorage(IFileStorage inner, ConcurrentDictionary<string, int>? deletions = null) : IFileStorage
{
    public ConcurrentDictionary<string, int> Deletions { get; } = deletions ?? new(StringComparer.Ordinal);

    /// <summary>Runs before every delete with the key or prefix; throw to make storage fail.</summary>
    public Func<string, Task> BeforeDelete { get; set; } = _ => Task.CompletedTask;

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await CountAsync(key);
        return await inner.DeleteAsync(key, cancellationToken);
    }

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        await CountAsync(prefix);
        return await inner.DeletePrefixAsync(prefix, cancellationToken);
    }

    public Task<StoredObject> SaveAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        inner.SaveAsync(key, content, contentType, cancellationToken);

    public Task<StoredObjectContent?> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

    public Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken) => inner.GetInfoAsync(key, cancellationToken);

    public ValueTask<Uri?> GetDirectReadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken) =>
        inner.GetDirectReadUrlAsync(key, lifetime, cancellationToken);

    private async Task CountAsync(string key)
    {
        Deletions.AddOrUpdate(key, 1, (_, count) => count + 1);
        await BeforeDelete(key);
    }
}
