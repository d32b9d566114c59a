namespace ProductDescriber.BuildingBlocks.Storage;

/// <summary>
/// Where the product's files live (reference photos, thumbnails, spec backups, generated images): local disk by
/// default, an S3-compatible bucket when configured. Keys are validated by <see cref="StorageKey"/>; an
/// implementation never resolves a key outside its root or bucket.
/// </summary>
public interface IFileStorage
{
    /// <summary>
    /// Writes the whole stream under <paramref name="key"/> atomically: readers see the previous object (or none) or
    /// the complete new one, never a truncated file, also when the process dies mid-write. Replaces an existing object.
    /// </summary>
    Task<StoredObject> SaveAsync(string key, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>The object's bytes, or null when there is no such object.</summary>
    Task<StoredObjectContent?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>The object's metadata, or null when there is no such object.</summary>
    Task<StoredObject?> GetInfoAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes one object; deleting a missing object is not an error. True when something was deleted.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every object whose key starts with <paramref name="prefix"/> (a plain string prefix: end it with '/'
    /// to mean a folder). Returns how many were deleted.
    /// </summary>
    Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// A short-lived URL a browser can fetch the object from without going through the Host (a pre-signed S3 link),
    /// or null when this storage has none (local disk: the Host serves the bytes itself).
    /// </summary>
    ValueTask<Uri?> GetDirectReadUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken);
}

/// <summary>What storage knows of one object.</summary>
public sealed record StoredObject(string Key, long Length, string ContentType, DateTimeOffset LastModified, string ETag);

/// <summary>An open object: its metadata and a read stream the caller disposes.</summary>
public sealed class StoredObjectContent(StoredObject info, Stream content) : IAsyncDisposable
{
    public StoredObject Info { get; } = info;

    public Stream Content { get; } = content;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
