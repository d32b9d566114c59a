using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using ProductDescriber.Imaging.Colour;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.Offline.Generation;

namespace ProductDescriber.Providers.Offline;

/// <summary>"Generation" without a model: composites the primary reference photo onto a backdrop at exactly the
/// requested size, one distinct, reproducible picture per index.</summary>
internal sealed class OfflineImageGenerator : IImageGenerationService
{
    private const int MaxImagesPerCall = 8;

    public async IAsyncEnumerable<GeneratedImage> GenerateAsync(
        ImageGenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // A cancelled call ends as cancelled, whatever else is wrong with it.
        cancellationToken.ThrowIfCancellationRequested();
        Validate(request);
        var started = Stopwatch.GetTimestamp();
        var reference = request.ReferenceImages.FirstOrDefault(i => i.IsPrimary) ?? request.ReferenceImages[0];
        var (width, height) = request.AspectRatio.PixelSize(request.Resolution);
        using var product = await Task.Run(
            () => ProductCutout.Prepare(reference.Bytes, Math.Max(width, height), cancellationToken), cancellationToken).ConfigureAwait(false);
        var backdrop = Backdrops.From(request.Prompt ?? string.Empty, Palette.Extract(product.Analysis.ProductSamples));
        for (var index = request.StartIndex; index < request.StartIndex + request.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var seed = Seed(request.Seed ?? request.Prompt ?? string.Empty, index);
            var (png, text) = await Task.Run(() => Compositor.Render(product, backdrop, width, height, seed), cancellationToken).ConfigureAwait(false);
            var usage = new AiUsage(OfflineProvider.ProviderName, OfflineProvider.ImageModel, null, null, Stopwatch.GetElapsedTime(started));
            started = Stopwatch.GetTimestamp();
            yield return new GeneratedImage(index, png, "image/png", text, usage);
        }
    }

    private static void Validate(ImageGenerationRequest request)
    {
        if (request.ReferenceImages is null || request.ReferenceImages.Count == 0)
        {
            throw Invalid("The offline provider composites a reference photo of the product: send at least one reference image.");
        }

        if (request.Count is < 1 or > MaxImagesPerCall)
        {
            throw Invalid($"Count must be between 1 and {MaxImagesPerCall}; {request.Count} was asked.");
        }

        if (request.StartIndex < 0)
        {
            throw Invalid("StartIndex must not be negative.");
        }

        if (!AspectRatio.Supported.Contains(request.AspectRatio))
        {
            throw Invalid($"Aspect ratio {request.AspectRatio} is not one the product offers.");
        }
    }

    /// <summary>FNV-1a over the seed text and index: stable across runs and machines (string.GetHashCode is not).</summary>
    private static int Seed(string text, int index)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes($"{text}\n{index}"))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private static AiProviderException Invalid(string message) =>
        new(OfflineProvider.ProviderName, AiErrorKind.InvalidRequest, message);
}
