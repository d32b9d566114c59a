using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Gemini;

/// <summary>Settings under <c>Providers:Gemini</c>: the shared provider settings with Gemini's defaults. The key may
/// also come from <c>GEMINI_API_KEY</c>.</summary>
public sealed class GeminiOptions : AiProviderOptions
{
    public const string SectionName = "Providers:Gemini";

    public const string ApiKeyVariable = "GEMINI_API_KEY";

    /// <summary>Retired ids still found in old settings, and what replaced them.</summary>
    private static readonly Dictionary<string, string> ModelAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gemini-3-pro-image-preview"] = "gemini-3-pro-image",
        ["gemini-3.1-flash-image-preview"] = "gemini-3.1-flash-image",
    };

    public GeminiOptions()
    {
        BaseUrl = "https://generativelanguage.googleapis.com/v1beta/";

        // An alias, because dated Gemini text models were retired within months.
        VisionModel = "gemini-flash-latest";
        ImageModel = "gemini-3-pro-image";
        Priority = 10;
    }

    /// <summary>The name this setting had before the providers shared their options; still read.</summary>
    public double RetryBaseDelaySeconds
    {
        get => RetryDelaySeconds;
        set => RetryDelaySeconds = value;
    }

    internal static string CanonicalModel(string model)
    {
        // Google's docs and consoles often show ids as "models/<id>"; the path adds that prefix itself.
        var trimmed = model.Trim();
        trimmed = trimmed.StartsWith("models/", StringComparison.Ordinal) ? trimmed["models/".Length..] : trimmed;
        return ModelAliases.TryGetValue(trimmed, out var current) ? current : trimmed;
    }
}
