using System.Text;
using ProductDescriber.BuildingBlocks.Storage;

namespace ProductDescriber.Host.Tests.Storage;

/// <summary>
/// A derived-file source like the thumbnail one: keys under <c>derived/</c>, created slowly enough that concurrent
/// requests overlap; keys containing "orphan" cannot be created (their original is gone).
/// </summary>
internal sealed class CountingDerivedFileSource(IFileStorage storage) : IDerivedFileSource
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public static string ContentFor(string key) => "derived from " + key;

    public bool Handles(string key) => key.StartsWith("derived/", StringComparison.Ordinal);

    public async Task<bool> TryCreateAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
        if (key.Contains("orphan", StringComparison.Ordinal))
        {
            return false;
        }

        await storage.SaveAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(ContentFor(key))), "text/plain", cancellationToken);
        return true;
    }
}
