namespace ProductDescriber.Providers.Abstractions;

/// <summary>What a provider can do.</summary>
[Flags]
public enum AiCapabilities
{
    None = 0,

    /// <summary>Describes photos through <see cref="IAiProvider.Vision"/> (chat with images).</summary>
    Vision = 1,

    /// <summary>Makes pictures through <see cref="IAiProvider.Images"/>.</summary>
    ImageGeneration = 2,
}

/// <summary>How much a provider accepts in one call.</summary>
/// <param name="MaxReferenceImages">Images per vision call, and reference images per generation call.</param>
/// <param name="MaxImageEdge">Longest edge in pixels of an image sent; callers scale larger ones down first.</param>
/// <param name="MaxImageBytes">Largest encoded image sent.</param>
/// <param name="MaxImagesPerCall">Pictures one generation call may return; callers split larger counts.</param>
public sealed record AiProviderLimits(int MaxReferenceImages, int MaxImageEdge, long MaxImageBytes, int MaxImagesPerCall);

/// <summary>
/// A provider as the product shows it (the <c>providers</c> query): never a key or any other secret.
/// </summary>
/// <param name="Name">Stable lower-case key, e.g. <c>offline</c>, <c>openai</c>, <c>gemini</c>: what requests name.</param>
/// <param name="IsConfigured">Whether it can be used now (a remote provider without a key is listed, not usable).</param>
/// <param name="IsRemote">Whether calls leave the machine (and cost money); the offline provider is not remote.</param>
/// <param name="Priority">Among configured remote providers with a capability, the highest is the default.</param>
public sealed record AiProviderDescriptor(
    string Name,
    string DisplayName,
    AiCapabilities Capabilities,
    string? VisionModel,
    string? ImageModel,
    bool IsConfigured,
    bool IsRemote,
    AiProviderLimits Limits,
    int Priority = 0)
{
    public bool Can(AiCapabilities capability) => (Capabilities & capability) == capability;
}
