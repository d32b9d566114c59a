namespace ProductDescriber.BuildingBlocks.Storage;

/// <summary>
/// Links to stored files that work in <c>&lt;img src&gt;</c> without an Authorization header: the Host's
/// <c>/files/{key}</c> endpoint with an expiry and an HMAC signature. An expired or altered link is refused.
/// </summary>
public interface IFileLinks
{
    /// <summary>A signed URL for <paramref name="key"/>, valid for the configured lifetime.</summary>
    string CreateUrl(string key);
}

/// <summary>
/// Creates a derived file the first time a signed link asks for it (thumbnails): the <c>/files</c> endpoint calls
/// the source that <see cref="Handles"/> a missing key, then serves what it stored. Modules register these.
/// </summary>
public interface IDerivedFileSource
{
    bool Handles(string key);

    /// <summary>
    /// Writes <paramref name="key"/> to storage. False when it cannot exist (its original is gone), which the
    /// endpoint answers with 404. Called at most once at a time per key within a process.
    /// </summary>
    Task<bool> TryCreateAsync(string key, CancellationToken cancellationToken);
}
