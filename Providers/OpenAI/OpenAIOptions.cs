namespace ProductDescriber.Providers.OpenAI;

/// <summary>Settings under <c>Providers:OpenAI</c>; the key may also come from <c>OPENAI_API_KEY</c>.</summary>
public sealed class OpenAIOptions
{
    public const string SectionName = "Providers:OpenAI";

    public const string ApiKeyVariable = "OPENAI_API_KEY";

    public string? ApiKey { get; set; }

    public string BaseUrl { get; set; } = "https://api.openai.com/v1/";

    // gpt-5.1 (November 2025) reads images through Chat Completions and rejects a non-default temperature, which is
    // why none is sent. Any chat model with image input works here; this is only the default.
    public string VisionModel { get; set; } = "gpt-5.1";

    // gpt-image-1 is still documented and takes several reference images on /images/edits; its sizes are fixed
    // (1024x1024, 1536x1024, 1024x1536), so a newer model with other sizes needs a code change to the size table.
    public string ImageModel { get; set; } = "gpt-image-1";

    /// <summary>Per attempt. Reasoning models can think for a minute before answering.</summary>
    public double VisionTimeoutSeconds { get; set; } = 120;

    /// <summary>Per attempt. High-quality pictures with reference images can take minutes.</summary>
    public double ImageTimeoutSeconds { get; set; } = 240;

    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff when the server names no wait; doubles per retry.</summary>
    public double RetryDelaySeconds { get; set; } = 2;

    /// <summary>A longer <c>Retry-After</c> is not waited out here: the call fails as RateLimited with the wait.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 60;

    /// <summary>Calls in flight at once, vision and images together; more wait in a queue.</summary>
    public int MaxConcurrency { get; set; } = 2;

    public int Priority { get; set; } = 10;

    /// <summary>Reasoning tokens count against this, so it is generous.</summary>
    public int MaxCompletionTokens { get; set; } = 16_000;

    /// <summary>Pictures per images call (the API allows 10; fewer keep one call inside the timeout).</summary>
    public int MaxImagesPerCall { get; set; } = 4;

    /// <summary>Sent as <c>input_fidelity</c> on edits when set ("high" keeps product detail on gpt-image-1;
    /// some newer models reject the field).</summary>
    public string? InputFidelity { get; set; }

    internal bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);

    internal Uri BaseUri => new(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);
}
