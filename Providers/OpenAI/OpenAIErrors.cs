using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.OpenAI;

/// <summary>Turns OpenAI's error replies (<c>{"error":{"message","type","code"}}</c>) into typed errors.</summary>
internal static partial class OpenAIErrors
{
    public const string Provider = "openai";

    // Out of credit or over a spend limit: a retry costs time and changes nothing.
    private static readonly HashSet<string> QuotaCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "insufficient_quota", "billing_hard_limit_reached", "billing_not_active", "credit_balance_exhausted",
    };

    public static AiProviderException FromHttp(int status, string? body, TimeSpan? retryAfter, string? apiKey)
    {
        var (message, type, code) = ReadError(body);
        var kind = Classify(status, type, code);
        var detail = Redact(message ?? Excerpt(body), apiKey);
        var what = kind switch
        {
            AiErrorKind.Authentication => "the API key was refused",
            AiErrorKind.Permission => "the key may not use this model or feature",
            AiErrorKind.ModelUnavailable => "the model does not exist or is not available to this key",
            AiErrorKind.QuotaExhausted => "the account is out of quota or credit",
            AiErrorKind.RateLimited => "rate limited",
            AiErrorKind.ContentBlocked => "the request was blocked by the safety system",
            AiErrorKind.InvalidRequest => "the request was rejected as invalid",
            AiErrorKind.Timeout => "the server timed out",
            _ => "the service is unavailable",
        };
        var text = $"{what} (HTTP {status}{(code is null ? "" : ", " + code)})"
                   + (string.IsNullOrEmpty(detail) ? "" : ": " + detail);
        return new AiProviderException(Provider, kind, text)
        {
            HttpStatus = status,
            RetryAfter = retryAfter,
            ProviderCode = code ?? type,
            Detail = detail,
        };
    }

    public static AiProviderException Malformed(string what, Exception? inner = null) =>
        new(Provider, AiErrorKind.MalformedResponse, "the reply could not be read: " + what, inner);

    public static AiProviderException Timeout(TimeSpan limit, Exception? inner) =>
        new(Provider, AiErrorKind.Timeout, $"no answer within {limit.TotalSeconds:0.#} s", inner);

    public static AiProviderException NotConfigured() =>
        new(Provider, AiErrorKind.Authentication,
            $"no API key configured (set {OpenAIOptions.SectionName}:ApiKey or {OpenAIOptions.ApiKeyVariable})");

    /// <summary>Removes the key and anything shaped like an OpenAI key (error messages quote a masked key).</summary>
    public static string? Redact(string? text, string? apiKey)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        if (!string.IsNullOrEmpty(apiKey))
        {
            text = text.Replace(apiKey, "[redacted]", StringComparison.Ordinal);
        }

        text = KeyLike().Replace(text, "sk-[redacted]");
        return text.Length <= 300 ? text : text[..300] + "...";
    }

    private static AiErrorKind Classify(int status, string? type, string? code)
    {
        if (IsQuotaCode(type) || IsQuotaCode(code))
        {
            return AiErrorKind.QuotaExhausted;
        }

        if (code is "moderation_blocked" or "content_policy_violation" or "content_filter")
        {
            return AiErrorKind.ContentBlocked;
        }

        return status switch
        {
            (int)HttpStatusCode.Unauthorized => AiErrorKind.Authentication,
            (int)HttpStatusCode.Forbidden => AiErrorKind.Permission,
            (int)HttpStatusCode.NotFound => AiErrorKind.ModelUnavailable,
            (int)HttpStatusCode.TooManyRequests => AiErrorKind.RateLimited,
            (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.GatewayTimeout => AiErrorKind.Timeout,
            >= 400 and < 500 => AiErrorKind.InvalidRequest,
            _ => AiErrorKind.Unavailable,
        };
    }

    private static bool IsQuotaCode(string? code) =>
        code is not null && (QuotaCodes.Contains(code) || code.EndsWith("spend_limit_exceeded", StringComparison.OrdinalIgnoreCase));

    private static (string? Message, string? Type, string? Code) ReadError(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null, null);
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object
                || !json.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null);
            }

            return (Text(error, "message"), Text(error, "type"), Text(error, "code"));
        }
        catch (JsonException)
        {
            return (null, null, null);
        }

        static string? Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    private static string? Excerpt(string? body) =>
        string.IsNullOrWhiteSpace(body) ? null : body.Trim().ReplaceLineEndings(" ");

    [GeneratedRegex(@"sk-[A-Za-z0-9_\-\*]{4,}")]
    private static partial Regex KeyLike();
}
