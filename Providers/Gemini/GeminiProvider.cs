using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Gemini;

/// <summary>Google Gemini over its REST generateContent API: vision and image generation.</summary>
internal sealed class GeminiProvider : IAiProvider
{
    // Gemini 3 image models take up to 14 references; inline files above about 7 MB are refused.
    private static readonly AiProviderLimits Limits = new(
        MaxReferenceImages: 14, MaxImageEdge: 2048, MaxImageBytes: 7 * 1024 * 1024, MaxImagesPerCall: 1);

    public GeminiProvider(GeminiOptions options, IHttpClientFactory clients, TimeProvider time)
    {
        var transport = new GeminiTransport(() => clients.CreateClient(GeminiServiceCollectionExtensions.HttpClientName), options, time);
        Descriptor = new AiProviderDescriptor(
            GeminiServiceCollectionExtensions.ProviderName,
            "Google Gemini",
            AiCapabilities.Vision | AiCapabilities.ImageGeneration,
            GeminiOptions.CanonicalModel(options.VisionModel),
            GeminiOptions.CanonicalModel(options.ImageModel),
            options.IsConfigured,
            IsRemote: true,
            Limits,
            options.Priority);
        Vision = new GeminiChatCompletionService(transport, options, time);
        Images = new GeminiImageGenerationService(transport, options, time);
    }

    public AiProviderDescriptor Descriptor { get; }

    public IChatCompletionService? Vision { get; }

    public IImageGenerationService? Images { get; }
}
