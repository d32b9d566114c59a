using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.OpenAI;

/// <summary>Settings under <c>Providers:OpenAI</c>: the shared provider settings with OpenAI's defaults, and what only
/// OpenAI has. The key may also come from <c>OPENAI_API_KEY</c>.</summary>
public sealed class OpenAIOptions : AiProviderOptions
{
    public const string SectionName = "Providers:OpenAI";

    public const string ApiKeyVariable = "OPENAI_API_KEY";

    public OpenAIOptions()
    {
        BaseUrl = "https://api.openai.com/v1/";

        // gpt-5.1 (November 2025) reads images through Chat Completions and rejects a non-default temperature, which
        // is why none is sent. Any chat model with image input works here; this is only the default.
        VisionModel = "gpt-5.1";

        // gpt-image-1 is still documented and takes several reference images on /images/edits; its sizes are fixed
        // (1024x1024, 1536x1024, 1024x1536), so a newer model with other sizes needs a code change to the size table.
        ImageModel = "gpt-image-1";
        Priority = 10;
    }

    /// <summary>Reasoning tokens count against this, so it is generous.</summary>
    public int MaxCompletionTokens { get; set; } = 16_000;

    /// <summary>Pictures per images call (the API allows 10; fewer keep one call inside the timeout).</summary>
    public int MaxImagesPerCall { get; set; } = 4;

    /// <summary>Sent as <c>input_fidelity</c> on edits when set ("high" keeps product detail on gpt-image-1;
    /// some newer models reject the field).</summary>
    public string? InputFidelity { get; set; }
}
