using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;

namespace Acme.AiProvider;

/// <summary>The provider: its descriptor (what the Host lists) and one service per capability it claims.</summary>
internal sealed class Provider(ProviderOptions options) : IAiProvider
{
    public AiProviderDescriptor Descriptor { get; } = new(
        Name: ProviderModule.ProviderName,
        DisplayName: "acme (vision)",
        Capabilities: AiCapabilities.Vision,
        VisionModel: options.VisionModel,
        ImageModel: null,
        IsConfigured: options.IsConfigured,
        IsRemote: true,
        Limits: new AiProviderLimits(MaxReferenceImages: 8, MaxImageEdge: 2048, MaxImageBytes: 7_000_000, MaxImagesPerCall: 1),
        Priority: options.Priority);

    public IChatCompletionService? Vision { get; } = new VisionService(options);

    // No image generation: the contract kit reports its image tests as skipped. Implement IImageGenerationService
    // and claim AiCapabilities.ImageGeneration to add it.
    public IImageGenerationService? Images => null;
}
