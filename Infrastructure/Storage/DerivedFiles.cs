using System.Collections.Concurrent;
using ProductDescriber.BuildingBlocks.Storage;

namespace ProductDescriber.Storage;

/// <summary>
/// Creates a missing derived file (a thumbnail) on first request, once per key even when many requests for it
/// arrive together: the others wait for the same creation.
/// </summary>
internal sealed class DerivedFiles(IEnumerable<IDerivedFileSource> sources, IFileStorage storage, IHostApplicationLifetime lifetime)
{
    private readonly IDerivedFileSource[] _sources = sources.ToArray();
    private readonly ConcurrentDictionary<string, Lazy<Task<bool>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>True when a source created <paramref name="key"/> (or it was being created and now is).</summary>
    public async Task<bool> TryCreateAsync(string key, CancellationToken cancellationToken)
    {
        var source = Array.Find(_sources, candidate => candidate.Handles(key));
        if (source is null)
        {
            return false;
        }

        var creation = _inFlight.GetOrAdd(key, _ => new Lazy<Task<bool>>(() => CreateAsync(source, key)));
        // One impatient client must not cancel the work others wait for, hence the wait, not the work, is cancelled.
        return await creation.Value.WaitAsync(cancellationToken);
    }

    private async Task<bool> CreateAsync(IDerivedFileSource source, string key)
    {
        try
        {
            // A request that found the file missing just before another creation finished would otherwise create it again.
            return await storage.GetInfoAsync(key, lifetime.ApplicationStopping) is not null
                || await source.TryCreateAsync(key, lifetime.ApplicationStopping);
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }
}
