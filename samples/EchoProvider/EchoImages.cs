using System.Runtime.CompilerServices;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Samples.EchoProvider;

/// <summary>"Generates" solid-colour PNGs of exactly the requested size, one colour per prompt, seed and index.</summary>
internal sealed class EchoImages(TimeProvider clock) : IImageGenerationService
{
    public async IAsyncEnumerable<GeneratedImage> GenerateAsync(ImageGenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (request.Count < 1 || request.Count > EchoProvider.Limits.MaxImagesPerCall)
        {
            throw new AiProviderException(EchoProvider.ProviderName, AiErrorKind.InvalidRequest, $"Count must be 1 to {EchoProvider.Limits.MaxImagesPerCall}, got {request.Count}.");
        }

        if (request.ReferenceImages.Count > EchoProvider.Limits.MaxReferenceImages)
        {
            throw new AiProviderException(EchoProvider.ProviderName, AiErrorKind.InvalidRequest, $"At most {EchoProvider.Limits.MaxReferenceImages} reference images, got {request.ReferenceImages.Count}.");
        }

        var (width, height) = request.AspectRatio.PixelSize(request.Resolution);
        for (var index = request.StartIndex; index < request.StartIndex + request.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = clock.GetTimestamp();
            var colour = Colour(request, index);
            var bytes = await Task.Run(() => SolidPng.Encode(width, height, colour), cancellationToken);
            var usage = new AiUsage(EchoProvider.ProviderName, request.Model ?? EchoProvider.ImageModel, null, null, clock.GetElapsedTime(started));
            yield return new GeneratedImage(index, bytes, "image/png", $"A solid #{colour.R:X2}{colour.G:X2}{colour.B:X2} picture, {width}x{height}.", usage);
        }
    }

    /// <summary>A stable colour (string hashes are randomised per process, so FNV-1a by hand).</summary>
    private static (byte R, byte G, byte B) Colour(ImageGenerationRequest request, int index)
    {
        var hash = 2166136261u;
        foreach (var c in $"{request.Prompt}|{request.Seed}|{index}")
        {
            hash = (hash ^ c) * 16777619u;
        }

        return ((byte)hash, (byte)(hash >> 8), (byte)(hash >> 16));
    }
}
