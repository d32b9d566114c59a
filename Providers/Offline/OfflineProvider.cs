using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Offline;

/// <summary>Deterministic work with no model: measures photos and composites pictures (SkiaSharp).</summary>
internal sealed class OfflineProvider(TimeProvider time) : IAiProvider
{
    public const string ProviderName = "offline";
    public const string VisionModel = "offline-measure-1";
    public const string ImageModel = "offline-composite-1";

    public AiProviderDescriptor Descriptor { get; } = new(
        ProviderName,
        "Offline (no model)",
        AiCapabilities.Vision | AiCapabilities.ImageGeneration,
        VisionModel,
        ImageModel,
        IsConfigured: true,
        IsRemote: false,
        new AiProviderLimits(MaxReferenceImages: 20, MaxImageEdge: 4096, MaxImageBytes: 40L * 1024 * 1024, MaxImagesPerCall: 8),
        Priority: 0);

    public IChatCompletionService Vision { get; } = new OfflineVisionService(time);

    public IImageGenerationService Images { get; } = new OfflineImageGenerator();

    IChatCompletionService? IAiProvider.Vision => Vision;

    IImageGenerationService? IAiProvider.Images => Images;
}
