using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Imaging;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Specs.Analysis;

/// <summary>Reads the chosen photos and fits each within the provider's limits (<see cref="ProviderImageFitting"/>).</summary>
internal sealed class ImagePreparation(IProductCatalog catalog, ImageDecodeGate gate)
{
    public async Task<IReadOnlyList<PreparedImage>> PrepareAsync(IReadOnlyList<ReferenceImageInfo> images, AiProviderLimits limits, CancellationToken cancellationToken)
    {
        var prepared = new List<PreparedImage>();
        foreach (var image in images.Take(Math.Max(1, limits.MaxReferenceImages)))
        {
            await using var stream = await catalog.OpenReferenceImageAsync(image, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            try
            {
                var (bytes, mimeType) = await ProviderImageFitting.FitAsync(
                    buffer.ToArray(), image.MimeType, image.Width, image.Height, limits.MaxImageEdge, limits.MaxImageBytes, gate, cancellationToken);
                prepared.Add(new PreparedImage(image.Id, bytes, mimeType));
            }
            catch (InvalidDataException exception)
            {
                throw new InvalidDataException($"Reference image {image.Id}: {exception.Message}", exception);
            }
        }

        return prepared;
    }
}
