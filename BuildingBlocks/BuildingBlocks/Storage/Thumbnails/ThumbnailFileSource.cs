using ProductDescriber.Imaging;

namespace ProductDescriber.BuildingBlocks.Storage.Thumbnails;

/// <summary>
/// Makes an image's thumbnail the first time its link is opened and stores it beside the original, so later requests
/// (from any Host) are plain file reads. A module says which thumbnail keys are its own and which original a key
/// belongs to (null when the image is gone: no thumbnail of a deleted image is ever made).
/// </summary>
public abstract class ThumbnailFileSource(IFileStorage storage, ImageDecodeGate decodeGate) : IDerivedFileSource
{
    public bool Handles(string key) => ThumbnailKeys.TryParse(key, out var thumbnail) && IsMine(thumbnail);

    public async Task<bool> TryCreateAsync(string key, CancellationToken cancellationToken)
    {
        if (!ThumbnailKeys.TryParse(key, out var thumbnail) || !IsMine(thumbnail)
            || await FindOriginalAsync(thumbnail, cancellationToken) is not { } original || !thumbnail.IsOf(original))
        {
            return false;
        }

        await using var source = await storage.OpenReadAsync(original, cancellationToken);
        if (source is null)
        {
            return false;
        }

        // Skia needs a seekable stream: local files are; an S3 body is buffered (originals are bounded by their producers).
        await using var buffered = source.Content.CanSeek ? null : new MemoryStream();
        if (buffered is not null)
        {
            await source.Content.CopyToAsync(buffered, cancellationToken);
            buffered.Position = 0;
        }

        var content = buffered ?? source.Content;
        using var rendered = new MemoryStream();
        await decodeGate.RunAsync(() => { ThumbnailRenderer.Render(content, thumbnail.Size, thumbnail.Format, rendered); return true; }, cancellationToken);
        rendered.Position = 0;
        await storage.SaveAsync(key, rendered, ThumbnailRenderer.MimeType(thumbnail.Format), cancellationToken);
        return true;
    }

    /// <summary>Whether the key is under this module's folders (cheap: no I/O; called for every missing file).</summary>
    protected abstract bool IsMine(ThumbnailKey thumbnail);

    /// <summary>The storage key of the original the thumbnail is made from; null when there is no such image.</summary>
    protected abstract Task<string?> FindOriginalAsync(ThumbnailKey thumbnail, CancellationToken cancellationToken);
}
