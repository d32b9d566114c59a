using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Gemini;

/// <summary>Turns Gemini's error bodies (<c>{"error":{code,message,status,details}}</c>) into typed exceptions.</summary>
internal static partial class GeminiErrors
{
    public const string Provider = "gemini";

    private const int DetailLength = 240;

    public static AiProviderException Create(
        AiErrorKind kind, string message, int? status = null, string? code = null, string? detail = null,
        TimeSpan? retryAfter = null, Exception? inner = null) =>
        new(Provider, kind, message, inner)
        {
            HttpStatus = status,
            ProviderCode = code,
            Detail = detail,
            RetryAfter = retryAfter,
        };

    /// <summary>A non-success reply. <paramref name="headerWait"/> is the Retry-After header, if any.</summary>
    public static AiProviderException FromHttp(int status, byte[] body, TimeSpan? headerWait, string? apiKey)
    {
        var error = ReadError(body);
        var detail = Redact(error?.Message ?? Excerpt(body), apiKey);
        var code = error?.Reason ?? error?.Status;
        var (kind, what) = Classify(status, error);
        var retryAfter = kind is AiErrorKind.RateLimited or AiErrorKind.Unavailable ? headerWait ?? error?.RetryDelay : null;
        var message = $"{what} (HTTP {status}{(code is null ? "" : " " + code)}): {detail}";
        return Create(kind, message, status, code, detail, retryAfter);
    }

    /// <summary>Removes the key and anything shaped like a Google API key, and shortens.</summary>
    public static string Redact(string text, string? apiKey)
    {
        if (!string.IsNullOrEmpty(apiKey))
        {
            text = text.Replace(apiKey, "[redacted]", StringComparison.Ordinal);
        }

        text = GoogleKeyPattern().Replace(text, "[redacted]");
        text = Whitespace().Replace(text, " ").Trim();
        return text.Length <= DetailLength ? text : string.Concat(text.AsSpan(0, DetailLength), "...");
    }

    /// <summary>"41s" or "1.5s", as Gemini spells <c>RetryInfo.retryDelay</c>.</summary>
    public static TimeSpan? ParseDuration(string? value)
    {
        if (value is null || !value.EndsWith('s'))
        {
            return null;
        }

        return double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private static (AiErrorKind Kind, string What) Classify(int status, GeminiError? error) => status switch
    {
        400 when error?.Reason is "API_KEY_INVALID" => (AiErrorKind.Authentication, "the API key was refused"),
        400 when error?.Status is "FAILED_PRECONDITION" => (AiErrorKind.Permission, "the key cannot use Gemini here (billing or region)"),
        400 => (AiErrorKind.InvalidRequest, "the request was refused"),
        401 => (AiErrorKind.Authentication, "the API key was refused"),
        403 => (AiErrorKind.Permission, "the key may not do this"),
        404 => (AiErrorKind.ModelUnavailable, "the model does not exist or was retired"),
        408 => (AiErrorKind.Timeout, "the server gave up waiting"),
        429 when error?.IsDailyQuota == true => (AiErrorKind.QuotaExhausted, "a daily or zero quota is used up"),
        429 => (AiErrorKind.RateLimited, "too many requests"),
        >= 500 => (AiErrorKind.Unavailable, "the service is unavailable"),
        _ => (AiErrorKind.InvalidRequest, "the request was refused"),
    };

    private static GeminiError? ReadError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var result = new GeminiError
            {
                Message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null,
                Status = error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null,
            };
            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in details.EnumerateArray())
                {
                    ReadDetail(entry, result);
                }
            }

            return result;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void ReadDetail(JsonElement entry, GeminiError result)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var type = String(entry, "@type") ?? "";
        if (type.EndsWith("google.rpc.ErrorInfo", StringComparison.Ordinal))
        {
            result.Reason ??= String(entry, "reason");
        }
        else if (type.EndsWith("google.rpc.RetryInfo", StringComparison.Ordinal))
        {
            result.RetryDelay ??= ParseDuration(String(entry, "retryDelay"));
        }
        else if (type.EndsWith("google.rpc.QuotaFailure", StringComparison.Ordinal)
                 && entry.TryGetProperty("violations", out var violations) && violations.ValueKind == JsonValueKind.Array)
        {
            foreach (var violation in violations.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Object))
            {
                var quotaId = String(violation, "quotaId") ?? "";
                var quotaValue = String(violation, "quotaValue");
                // A per-day quota stays used up until tomorrow; a zero quota (no billing) forever.
                if (quotaId.Contains("PerDay", StringComparison.OrdinalIgnoreCase) || quotaValue == "0")
                {
                    result.IsDailyQuota = true;
                }
            }
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Excerpt(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 2048));
        text = Tags().Replace(text, " ");
        return text.Length == 0 ? "(empty body)" : text;
    }

    [GeneratedRegex(@"AIza[0-9A-Za-z_\-]{20,}")]
    private static partial Regex GoogleKeyPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    private sealed class GeminiError
    {
        public string? Message { get; init; }

        public string? Status { get; init; }

        public string? Reason { get; set; }

        public TimeSpan? RetryDelay { get; set; }

        public bool IsDailyQuota { get; set; }
    }
}
