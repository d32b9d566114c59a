using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Samples.EchoProvider;

/// <summary>A provider that does no AI at all: it answers from what it was sent, so the plugin path can be tested.</summary>
internal sealed class EchoProvider : IAiProvider
{
    public const string ProviderName = "echo";
    public const string VisionModel = "echo-vision-1";
    public const string ImageModel = "echo-image-1";

    public static readonly AiProviderLimits Limits = new(MaxReferenceImages: 4, MaxImageEdge: 4096, MaxImageBytes: 10 * 1024 * 1024, MaxImagesPerCall: 4);

    public EchoProvider(string? apiKey, int priority, TimeProvider clock)
    {
        // The key decides IsConfigured and is then dropped: nothing the provider exposes may carry it.
        Descriptor = new AiProviderDescriptor(
            ProviderName,
            "Echo (sample plugin)",
            AiCapabilities.Vision | AiCapabilities.ImageGeneration,
            VisionModel,
            ImageModel,
            IsConfigured: !string.IsNullOrWhiteSpace(apiKey),
            IsRemote: false,
            Limits,
            priority);
        Vision = new EchoVision(clock);
        Images = new EchoImages(clock);
    }

    public AiProviderDescriptor Descriptor { get; }

    public Microsoft.SemanticKernel.ChatCompletion.IChatCompletionService Vision { get; }

    public IImageGenerationService Images { get; }
}
