using System.Globalization;
using System.Net.Http.Headers;

namespace ProductDescriber.Providers.Abstractions;

/// <summary>
/// The one place that decides whether a failed provider call is worth another attempt and how long the server asked
/// us to wait. The resilience policy (<see cref="AiProviderResilience"/>) asks it; a provider's own error mapping
/// only says what went wrong (an <see cref="AiProviderException"/> and its <see cref="AiErrorKind"/>).
/// </summary>
public static class AiRetryRules
{
    /// <summary>
    /// Another attempt may succeed: the kind is transient (rate limited, server timeout, unavailable) and the server's
    /// wait, if it named one, is no longer than <paramref name="maxRetryAfter"/>. A longer wait is the caller's to
    /// schedule (a job runs later), not a thread's to sleep through. Permanent kinds (authentication, permission,
    /// quota, content policy, invalid request, retired model) are never retried: the same request fails the same way.
    /// </summary>
    public static bool ShouldRetry(AiProviderException error, TimeSpan maxRetryAfter)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.IsTransient && (error.RetryAfter is not { } wait || wait <= maxRetryAfter);
    }

    /// <summary>
    /// The kind an HTTP status means when the body says nothing more: 401 authentication, 403 permission, 404 a model
    /// that does not exist, 408 and 504 server timeouts, 429 rate limited, other 5xx unavailable, other 4xx invalid.
    /// Providers refine this from their error bodies (a 429 that is an empty account is <c>QuotaExhausted</c>).
    /// </summary>
    public static AiErrorKind KindOf(int status) => status switch
    {
        401 => AiErrorKind.Authentication,
        403 => AiErrorKind.Permission,
        404 => AiErrorKind.ModelUnavailable,
        408 or 504 => AiErrorKind.Timeout,
        429 => AiErrorKind.RateLimited,
        >= 500 => AiErrorKind.Unavailable,
        _ => AiErrorKind.InvalidRequest,
    };

    /// <summary>A failed reply read by its status alone: what a provider without its own error mapping gets.</summary>
    public static AiProviderException FromStatus(string provider, int status, TimeSpan? retryAfter) =>
        new(provider, KindOf(status), $"the server answered HTTP {status}")
        {
            HttpStatus = status,
            RetryAfter = KindOf(status) is AiErrorKind.RateLimited or AiErrorKind.Unavailable ? retryAfter : null,
        };

    /// <summary>A <c>Retry-After</c> header as a wait from <paramref name="now"/>: delta-seconds or an HTTP-date
    /// (a date already past is no wait).</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The same for a raw header value, as SDKs that hide the response hand it over.</summary>
    public static TimeSpan? RetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // HTTP says delta-seconds is an integer; some servers send fractions, which cost nothing to honour.
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        }

        return RetryConditionHeaderValue.TryParse(value, out var header) ? RetryAfter(header, now) : null;
    }
}
