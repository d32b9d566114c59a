using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ProductDescriber.Webhooks;

/// <summary>The <c>Webhooks</c> section: how deliveries are retried, bounded and kept off private networks.</summary>
internal sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary>How long a delivery is retried, and how long an endpoint may fail every delivery before it is disabled.</summary>
    public TimeSpan MaxAttemptsWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The wait after the first failed attempt; each later one doubles it, with jitter.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a receiver has to connect and answer with its status line and headers.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest body sent; an event whose body would be larger is not delivered (and logged).</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Endpoints one user may have: each end state is sent to every matching endpoint, so without a bound one account
    /// could turn every generation into as many outgoing requests (and delivery rows) as it likes.
    /// </summary>
    public int MaxEndpointsPerUser { get; set; } = 50;

    /// <summary>How long the secret before a rotation still signs (beside the new one), so receivers can switch.</summary>
    public TimeSpan RotationGrace { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Hosts (<c>name</c> or <c>name:port</c>) exempt from the private-address refusal, e.g. a receiver on the same
    /// network. Nothing else may resolve to loopback, private, link-local or metadata addresses.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Endpoints must use https; null means true outside Development.</summary>
    public bool? RequireHttps { get; set; }

    /// <summary>
    /// The key that encrypts endpoint secrets at rest; empty means one derived from <c>SECRET_KEY</c> (which is
    /// refused at its development default outside Development).
    /// </summary>
    public string SecretKey { get; set; } = "";

    /// <summary>True when <see cref="SecretKey"/> came from <c>SECRET_KEY</c>, whose own check names it (not bound).</summary>
    internal bool SecretKeyFromSecretKey { get; set; }
}

/// <summary>Fills what depends on the environment: https outside Development, the secrets' key from SECRET_KEY.</summary>
internal sealed class WebhooksOptionsSetup(IConfiguration configuration, IHostEnvironment environment) : IPostConfigureOptions<WebhooksOptions>
{
    /// <summary>Only ever used in Development, where SECRET_KEY itself may be unset.</summary>
    private const string DevelopmentKey = "development-only-webhook-secrets-key-0123456789";

    public void PostConfigure(string? name, WebhooksOptions options)
    {
        options.RequireHttps ??= !environment.IsDevelopment();
        if (string.IsNullOrEmpty(options.SecretKey))
        {
            options.SecretKeyFromSecretKey = true;
            options.SecretKey = configuration["SECRET_KEY"] is { Length: > 0 } secret ? secret
                : environment.IsDevelopment() ? DevelopmentKey
                : "";
        }
    }
}

internal sealed class WebhooksOptionsValidation : IValidateOptions<WebhooksOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhooksOptions options)
    {
        var failures = new List<string>();
        if (options.MaxAttemptsWindow < TimeSpan.FromSeconds(1))
        {
            failures.Add($"Webhooks:MaxAttemptsWindow must be at least 00:00:01 (is {options.MaxAttemptsWindow}).");
        }

        if (options.FirstRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.FirstRetryDelay)
        {
            failures.Add("Webhooks:FirstRetryDelay must be positive and at most Webhooks:MaxRetryDelay.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"Webhooks:Timeout must be positive and at most 00:05:00 (is {options.Timeout}).");
        }

        if (options.MaxBodyBytes is < 1024 or > 1024 * 1024)
        {
            failures.Add($"Webhooks:MaxBodyBytes must be between 1024 and 1048576 (is {options.MaxBodyBytes}).");
        }

        if (options.MaxEndpointsPerUser < 1)
        {
            failures.Add($"Webhooks:MaxEndpointsPerUser must be at least 1 (is {options.MaxEndpointsPerUser}).");
        }

        if (options.RotationGrace < TimeSpan.Zero)
        {
            failures.Add("Webhooks:RotationGrace must not be negative.");
        }

        // A key derived from SECRET_KEY is judged by SECRET_KEY's own check: one setting, one message.
        if (!options.SecretKeyFromSecretKey && System.Text.Encoding.UTF8.GetByteCount(options.SecretKey) < 32)
        {
            failures.Add("Webhooks:SecretKey must be at least 32 bytes (or left unset: then it is derived from SECRET_KEY).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
