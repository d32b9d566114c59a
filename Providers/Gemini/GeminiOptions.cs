namespace ProductDescriber.Providers.Gemini;

/// <summary>Settings under <c>Providers:Gemini</c>. The key may also come from <c>GEMINI_API_KEY</c>.</summary>
public sealed class GeminiOptions
{
    public const string SectionName = "Providers:Gemini";

    /// <summary>Retired ids still found in old settings, and what replaced them.</summary>
    private static readonly Dictionary<string, string> ModelAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gemini-3-pro-image-preview"] = "gemini-3-pro-image",
        ["gemini-3.1-flash-image-preview"] = "gemini-3.1-flash-image",
    };

    public string? ApiKey { get; set; }

    public string BaseUrl { get; set; } = "https://generativelanguage.googleapis.com/v1beta/";

    /// <summary>An alias, because dated Gemini text models were retired within months.</summary>
    public string VisionModel { get; set; } = "gemini-flash-latest";

    public string ImageModel { get; set; } = "gemini-3-pro-image";

    /// <summary>When set, the per-attempt timeout of both kinds of call.</summary>
    public double? TimeoutSeconds { get; set; }

    public double VisionTimeoutSeconds { get; set; } = 120;

    /// <summary>Long: a 4K picture from the Pro model can take minutes.</summary>
    public double ImageTimeoutSeconds { get; set; } = 240;

    /// <summary>Retries after the first attempt, on 429 and 5xx only.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff wait; doubles per retry, with jitter, when the server names no wait.</summary>
    public double RetryBaseDelaySeconds { get; set; } = 2;

    /// <summary>A server wait longer than this fails at once as RateLimited, so the job reschedules instead.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 60;

    /// <summary>Calls in flight at once to Gemini from this process.</summary>
    public int MaxConcurrency { get; set; } = 2;

    public int Priority { get; set; } = 10;

    internal bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);

    internal TimeSpan VisionTimeout => TimeSpan.FromSeconds(TimeoutSeconds ?? VisionTimeoutSeconds);

    internal TimeSpan ImageTimeout => TimeSpan.FromSeconds(TimeoutSeconds ?? ImageTimeoutSeconds);

    internal static string CanonicalModel(string model)
    {
        // Google's docs and consoles often show ids as "models/<id>"; the path adds that prefix itself.
        var trimmed = model.Trim();
        trimmed = trimmed.StartsWith("models/", StringComparison.Ordinal) ? trimmed["models/".Length..] : trimmed;
        return ModelAliases.TryGetValue(trimmed, out var current) ? current : trimmed;
    }
}
