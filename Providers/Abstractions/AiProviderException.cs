namespace ProductDescriber.Providers.Abstractions;

/// <summary>Why a provider call failed, as callers act on it.</summary>
public enum AiErrorKind
{
    /// <summary>The key is missing, wrong or revoked.</summary>
    Authentication,

    /// <summary>The key may not do this (region, organisation, model access).</summary>
    Permission,

    /// <summary>Out of credit or a daily quota: retrying will not help today.</summary>
    QuotaExhausted,

    /// <summary>Too many requests now; retry after <see cref="AiProviderException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>The provider refused the content (safety); the same request will be refused again.</summary>
    ContentBlocked,

    /// <summary>The request was malformed or used an unsupported value.</summary>
    InvalidRequest,

    /// <summary>The model does not exist or was retired: a configuration problem.</summary>
    ModelUnavailable,

    /// <summary>No answer within the time allowed.</summary>
    Timeout,

    /// <summary>The provider is down or overloaded (5xx).</summary>
    Unavailable,

    /// <summary>The answer stopped early (token limit).</summary>
    Truncated,

    /// <summary>The answer had no image where one was asked for.</summary>
    NoImage,

    /// <summary>The answer could not be read (not JSON, wrong shape).</summary>
    MalformedResponse,
}

/// <summary>
/// A failed provider call, named by provider and cause. Messages never contain keys; <see cref="Detail"/> is a short,
/// redacted excerpt of what the provider said.
/// </summary>
public sealed class AiProviderException(string provider, AiErrorKind kind, string message, Exception? inner = null)
    : Exception($"{provider}: {message}", inner)
{
    public string Provider { get; } = provider;

    public AiErrorKind Kind { get; } = kind;

    public int? HttpStatus { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public string? ProviderCode { get; init; }

    public string? Detail { get; init; }

    /// <summary>The kind as an API spells it: RATE_LIMITED, CONTENT_BLOCKED, NO_IMAGE...</summary>
    public string KindCode => string.Concat(Kind.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));

    /// <summary>Worth retrying later with the same request.</summary>
    public bool IsTransient => Kind is AiErrorKind.RateLimited or AiErrorKind.Timeout or AiErrorKind.Unavailable;
}
