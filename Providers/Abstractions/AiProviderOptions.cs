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
    /// A section <c>Providers:&lt;name&gt;</c> is found by <see cref="ProviderSettings"/>' rule, so
    /// <c>Providers__mock_vision__ApiKey</c> configures <c>Providers:mock-vision</c>. A value that cannot be read
    /// (<c>MaxRetries=many</c>) throws a <see cref="ProviderConfigurationException"/> naming it.
    /// </summary>
    public static TOptions Load<TOptions>(IConfiguration configuration, string sectionName, string? apiKeyVariable = null)
        where TOptions : AiProviderOptions, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(sectionName);
        var segments = sectionName.Split(ConfigurationPath.KeyDelimiter);
        var section = segments.Length == 2 && string.Equals(segments[0], ProviderSettings.Root, StringComparison.OrdinalIgnoreCase)
            ? ProviderSettings.Section(configuration, segments[1])
            : configuration.GetSection(sectionName);
        var options = new TOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw Unreadable<TOptions>(section, sectionName, e);
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey) && apiKeyVariable is not null)
        {
            options.ApiKey = configuration[apiKeyVariable];
        }

        return options;
    }

    /// <summary>
    /// Throws <see cref="ProviderConfigurationException"/> naming the setting (<c>Providers:acme:MaxRetries</c>) when a
    /// value cannot work, so the Host refuses to start instead of failing at the first call. A model is required
    /// for each capability asked for.
    /// </summary>
    public virtual void Validate(string sectionName, AiCapabilities capabilities)
    {
        if (!Uri.TryCreate(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            Refuse(sectionName, nameof(BaseUrl), "must be an absolute http(s) URL");
        }

        Require(sectionName, nameof(VisionTimeoutSeconds), VisionTimeoutSeconds > 0, "must be positive");
        Require(sectionName, nameof(ImageTimeoutSeconds), ImageTimeoutSeconds > 0, "must be positive");
        Require(sectionName, nameof(TimeoutSeconds), TimeoutSeconds is null or > 0, "must be positive");
        Require(sectionName, nameof(TotalTimeoutSeconds), TotalTimeoutSeconds is null or > 0, "must be positive");
        Require(sectionName, nameof(MaxRetries), MaxRetries >= 0, "must not be negative");
        Require(sectionName, nameof(MaxConcurrency), MaxConcurrency >= 1, "must be at least 1");
        Require(sectionName, nameof(RetryDelaySeconds), RetryDelaySeconds >= 0, "must not be negative");
        Require(sectionName, nameof(MaxRetryAfterSeconds), MaxRetryAfterSeconds >= 0, "must not be negative");
        Require(sectionName, nameof(VisionModel), !capabilities.HasFlag(AiCapabilities.Vision) || !string.IsNullOrWhiteSpace(VisionModel), "is required");
        Require(sectionName, nameof(ImageModel), !capabilities.HasFlag(AiCapabilities.ImageGeneration) || !string.IsNullOrWhiteSpace(ImageModel), "is required");
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

    private static void Require(string sectionName, string setting, bool condition, string problem)
    {
        if (!condition)
        {
            Refuse(sectionName, setting, problem);
        }
    }

    private static void Refuse(string sectionName, string setting, string problem)
    {
        var key = ConfigurationPath.Combine(sectionName, setting);
        throw new ProviderConfigurationException($"{key} {problem}.", key);
    }

    /// <summary>Finds the one value the binder could not read by binding each alone, and names it (never its value).</summary>
    private static ProviderConfigurationException Unreadable<TOptions>(IConfiguration section, string sectionName, InvalidOperationException error)
        where TOptions : AiProviderOptions, new()
    {
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true).Where(p => p.Value is not null))
        {
            try
            {
                new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build().Bind(new TOptions());
            }
            catch (InvalidOperationException)
            {
                var setting = ConfigurationPath.Combine(sectionName, key);
                return new ProviderConfigurationException($"{setting} cannot be read as {SettingType(typeof(TOptions), key)}.", error, setting);
            }
        }

        return new ProviderConfigurationException($"{sectionName} cannot be read: {error.Message}", error, sectionName);
    }

    private static string SettingType(Type options, string key)
    {
        var type = options.GetProperty(key.Split(ConfigurationPath.KeyDelimiter)[0], System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)?.PropertyType;
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) || type == typeof(long) ? "a whole number"
            : type == typeof(double) || type == typeof(decimal) ? "a number"
            : type == typeof(bool) ? "true or false"
            : "a value of its type";
    }
}
