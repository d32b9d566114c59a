using Microsoft.SemanticKernel.ChatCompletion;

namespace ProductDescriber.Providers.Abstractions;

/// <summary>
/// One AI provider: its description, a vision service (Semantic Kernel's chat completion with image content) and
/// an image generation service. What a plugin implements, next to an <see cref="IAiProviderModule"/> that
/// registers it. Register it as a singleton <see cref="IAiProvider"/>.
/// </summary>
public interface IAiProvider
{
    AiProviderDescriptor Descriptor { get; }

    /// <summary>
    /// Chat with images: a <c>ChatHistory</c> whose user message holds text and <c>ImageContent</c> items. The reply's
    /// <c>Metadata</c> carries <see cref="AiUsage"/> under <see cref="AiMetadata.Usage"/>. Null without
    /// <see cref="AiCapabilities.Vision"/>.
    /// </summary>
    IChatCompletionService? Vision { get; }

    /// <summary>Null without <see cref="AiCapabilities.ImageGeneration"/>.</summary>
    IImageGenerationService? Images { get; }
}

/// <summary>Keys of the metadata providers attach to vision replies.</summary>
public static class AiMetadata
{
    /// <summary>An <see cref="AiUsage"/>.</summary>
    public const string Usage = "ProductDescriber.Usage";

    /// <summary>Optional: what the Offline provider measured, as typed data, for callers that want more than text.</summary>
    public const string Measurements = "ProductDescriber.Measurements";

    /// <summary>
    /// On a <c>TextContent</c> item of a vision request's user message: the item is a specification template and this
    /// key's value is its <c>name@version</c> (e.g. <c>product-analysis@1.0</c>). See <see cref="VisionTemplate"/>.
    /// </summary>
    public const string Template = "ProductDescriber.Template";
}

/// <summary>What a call cost: the model used, tokens when the provider reports them, and how long it took.</summary>
public sealed record AiUsage(string Provider, string Model, int? InputTokens, int? OutputTokens, TimeSpan Duration);
