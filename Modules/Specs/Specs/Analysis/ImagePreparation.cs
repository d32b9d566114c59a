using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Imaging;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Specs.Analysis;

/// <summary>
/// Reads the chosen photos and fits each within the provider's limits (longest edge, bytes): sent as stored when it
/// fits, else scaled down (WebP when the photo may have transparency, which the offline separation reads; JPEG
/// otherwise), halving the edge until the bytes fit.
/// </summary>
internal sealed class ImagePreparation(IProductCatalog catalog, ImageDecodeGate gate)
{
    private static readonly HashSet<string> SentAsStored = ["image/jpeg", "image/png", "image/webp"];

    public async Task<IReadOnlyList<PreparedImage>> PrepareAsync(IReadOnlyList<ReferenceImageInfo> images, AiProviderLimits limits, CancellationToken cancellationToken)
    {
        var prepared = new List<PreparedImage>();
        foreach (var image in images.Take(Math.Max(1, limits.MaxReferenceImages)))
        {
            await using var stream = await catalog.OpenReferenceImageAsync(image, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            var bytes = buffer.ToArray();
            if (Math.Max(image.Width, image.Height) <= limits.MaxImageEdge && bytes.LongLength <= limits.MaxImageBytes && SentAsStored.Contains(image.MimeType))
            {
                prepared.Add(new PreparedImage(image.Id, bytes, image.MimeType));
                continue;
            }

            prepared.Add(await ScaleAsync(image, bytes, limits, cancellationToken));
        }

        return prepared;
    }

    private async Task<PreparedImage> ScaleAsync(ReferenceImageInfo image, byte[] original, AiProviderLimits limits, CancellationToken cancellationToken)
    {
        var format = image.MimeType == "image/jpeg" ? ThumbnailFormat.Jpeg : ThumbnailFormat.WebP;
        var edge = Math.Min(limits.MaxImageEdge, Math.Max(image.Width, image.Height));
        for (var attempt = 0; attempt < 6; attempt++, edge /= 2)
        {
            var maxEdge = Math.Max(64, edge);
            var scaled = await gate.RunAsync(
                () =>
                {
                    using var source = new MemoryStream(original, writable: false);
                    using var destination = new MemoryStream();
                    ThumbnailRenderer.Render(source, maxEdge, format, destination);
                    return destination.ToArray();
                },
                cancellationToken);
            if (scaled.LongLength <= limits.MaxImageBytes)
            {
                return new PreparedImage(image.Id, scaled, ThumbnailRenderer.MimeType(format));
            }
        }

        throw new InvalidDataException($"Reference image {image.Id} does not fit in {limits.MaxImageBytes} bytes even scaled down.");
    }
}
