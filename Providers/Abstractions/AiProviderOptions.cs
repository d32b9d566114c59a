using Microsoft.Extensions.Configuration;

namespace ProductDescriber.Providers.Abstractions;

/// <summary>
/// The settings every remote provider has, under <c>Providers:&lt;Name&gt;</c>: key, endpoint, models, timeouts,
/// retries, concurrency and priority. A provider derives its own options from this, sets its defaults in its
/// constructor and adds what only it has; <see cref="Load{TOptions}"/>, <see cref="Validate"/> and
/// <see cref="ResilienceOptions"/> then work the same for all.
/// </summary>
public abstract class AiProviderOptions
{
    public string? ApiKey { get; set; }

    /// <summary>The API's root; a missing trailing slash is added (relative request paths resolve under it).</summary>
    public string BaseUrl { get; set; } = "";

    public string VisionModel { get; set; } = "";

    public string ImageModel { get; set; } = "";

    /// <summary>When set, the per-attempt timeout of both kinds of call.</summary>
    public double? TimeoutSeconds { get; set; }

    /// <summary>Per attempt. Reasoning models can think for a minute before answering.</summary>
    public double VisionTimeoutSeconds { get; set; } = 120;

    /// <summary>Per attempt. A large picture with reference images can take minutes.</summary>
    public double ImageTimeoutSeconds { get; set; } = 240;

    /// <summary>Most one call may take, retries and waits included; unset, twice its attempt timeout.</summary>
    public double? TotalTimeoutSeconds { get; set; }

    /// <summary>Retries after the first attempt, on transient failures only.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff when the server names no wait; doubles per retry, with jitter.</summary>
    public double RetryDelaySeconds { get; set; } = 2;

    /// <summary>A longer server wait is not waited out: the call fails at once as RateLimited with the wait, so the
    /// job reschedules instead.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 60;

    /// <summary>Calls in flight at once from this process, vision and images together; more wait in a queue.</summary>
    public int MaxConcurrency { get; set; } = 2;

    /// <summary>Among configured remote providers with a capability, the highest is the default.</summary>
    public int Priority { get; set; }

    /// <summary>A call can succeed now: a key is set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);

    public Uri BaseUri => new(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);

    public TimeSpan VisionTimeout => TimeSpan.FromSeconds(TimeoutSeconds ?? VisionTimeoutSeconds);

    public TimeSpan ImageTimeout => TimeSpan.FromSeconds(TimeoutSeconds ?? ImageTimeoutSeconds);

    /// <summary>
    /// Binds <paramref name="sectionName"/> of the root configuration over the provider's defaults; without a key
    /// there, takes it from <paramref name="apiKeyVariable"/> (e.g. <c>ACME_API_KEY</c>) in the same configuration.
    /// </summary>
    public static TOptions Load<TOptions>(IConfiguration configuration, string sectionName, string? apiKeyVariable = null)
        where TOptions : AiProviderOptions, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TOptions();
        configuration.GetSection(sectionName).Bind(options);
        if (string.IsNullOrWhiteSpace(options.ApiKey) && apiKeyVariable is not null)
        {
            options.ApiKey = configuration[apiKeyVariable];
        }

        return options;
    }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> naming <paramref name="sectionName"/> and the setting when a
    /// value cannot work, so the Host refuses to start instead of failing at the first call. A model is required
    /// for each capability asked for.
    /// </summary>
    public virtual void Validate(string sectionName, AiCapabilities capabilities)
    {
        if (!Uri.TryCreate(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{sectionName}:BaseUrl must be an absolute http(s) URL.");
        }

        Require(sectionName, VisionTimeoutSeconds > 0 && ImageTimeoutSeconds > 0 && TimeoutSeconds is null or > 0 && TotalTimeoutSeconds is null or > 0,
            "the timeouts must be positive");
        Require(sectionName, MaxRetries >= 0, "MaxRetries must not be negative");
        Require(sectionName, MaxConcurrency >= 1, "MaxConcurrency must be at least 1");
        Require(sectionName, RetryDelaySeconds >= 0 && MaxRetryAfterSeconds >= 0, "retry waits must not be negative");
        var vision = !capabilities.HasFlag(AiCapabilities.Vision) || !string.IsNullOrWhiteSpace(VisionModel);
        var image = !capabilities.HasFlag(AiCapabilities.ImageGeneration) || !string.IsNullOrWhiteSpace(ImageModel);
        Require(sectionName, vision && image, capabilities switch
        {
            AiCapabilities.Vision => "VisionModel is required",
            AiCapabilities.ImageGeneration => "ImageModel is required",
            _ => "VisionModel and ImageModel are required",
        });
    }

    /// <summary>
    /// The resilience policy these settings describe. Attempts take <see cref="VisionTimeout"/> unless
    /// <paramref name="isImageCall"/> says a request makes pictures (then <see cref="ImageTimeout"/>). Set
    /// <see cref="AiProviderResilienceOptions.ReadFailure"/> on the result to the provider's error mapping.
    /// </summary>
    public AiProviderResilienceOptions ResilienceOptions(string provider, Func<HttpRequestMessage, bool>? isImageCall = null)
    {
        var image = ImageTimeout;
        return new AiProviderResilienceOptions
        {
            Provider = provider,
            AttemptTimeout = VisionTimeout,
            AttemptTimeoutOf = isImageCall is null ? null : request => isImageCall(request) ? image : null,
            Deadline = TotalTimeoutSeconds is { } total ? TimeSpan.FromSeconds(total) : null,
            MaxRetries = MaxRetries,
            RetryDelay = TimeSpan.FromSeconds(RetryDelaySeconds),
            MaxRetryAfter = TimeSpan.FromSeconds(MaxRetryAfterSeconds),
            MaxConcurrency = MaxConcurrency,
        };
    }

    private static void Require(string sectionName, bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{sectionName}: {message}.");
        }
    }
}
