using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.OpenAI;

/// <summary>OpenAI: vision through SK's chat connector, pictures through the images API, one HttpClient for both.</summary>
internal sealed class OpenAIProvider : IAiProvider
{
    public OpenAIProvider(IHttpClientFactory clients, OpenAIOptions options, ILoggerFactory loggers)
    {
        // One client for the provider's lifetime: SK keeps the one it is given, and the pipeline (limits, retries)
        // lives in its handler, so a fresh client per call would not share the concurrency limit anyway.
        var http = clients.CreateClient(OpenAIHttp.ClientName);

        // The endpoint without its trailing slash: the SDK appends "/chat/completions" itself.
        var endpoint = new Uri(options.BaseUri.ToString().TrimEnd('/'));
        var chat = new OpenAIChatCompletionService(
            options.VisionModel, endpoint, options.ApiKey ?? "", httpClient: http, loggerFactory: loggers);
        Vision = new OpenAIVisionService(chat, options);
        Images = new OpenAIImageService(http, options);
        Descriptor = new AiProviderDescriptor(
            Name: OpenAIErrors.Provider,
            DisplayName: "OpenAI",
            Capabilities: AiCapabilities.Vision | AiCapabilities.ImageGeneration,
            VisionModel: options.VisionModel,
            ImageModel: options.ImageModel,
            IsConfigured: options.IsConfigured,
            IsRemote: true,

            // gpt-image-1 makes at most 1536 px on the long edge (1024x1024, 1536x1024, 1024x1536), so 2K and 4K
            // are not native and larger inputs buy nothing; edits take up to 16 reference images; 20 MB is the
            // per-image limit of vision input (edits allow 50 MB).
            Limits: new AiProviderLimits(
                MaxReferenceImages: 16,
                MaxImageEdge: 1536,
                MaxImageBytes: 20L * 1024 * 1024,
                MaxImagesPerCall: Math.Clamp(options.MaxImagesPerCall, 1, 10)),
            Priority: options.Priority);
    }

    public AiProviderDescriptor Descriptor { get; }

    public IChatCompletionService Vision { get; }

    public IImageGenerationService Images { get; }
}
