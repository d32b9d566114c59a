using System.Text.Json;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Gemini;

internal sealed record GeminiPart(string? Text, bool IsThought, string? MimeType, string? Data);

/// <summary>The parts of a <c>GenerateContentResponse</c> we act on (first candidate only).</summary>
internal sealed record GeminiReply(
    IReadOnlyList<GeminiPart> Parts,
    string? FinishReason,
    string? BlockReason,
    int? PromptTokens,
    int? OutputTokens,
    string? ModelVersion)
{
    /// <summary>Finish reasons meaning the provider refused the content: asking again gets the same answer.</summary>
    private static readonly HashSet<string> Blocked =
    [
        "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "LANGUAGE",
        "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION",
    ];

    /// <summary>The text the model meant for us: its parts minus thoughts.</summary>
    public string Text => string.Concat(Parts.Where(p => !p.IsThought && p.Text is not null).Select(p => p.Text));

    public static GeminiReply Parse(JsonDocument document)
    {
        try
        {
            var root = document.RootElement;
            var blockReason = root.TryGetProperty("promptFeedback", out var feedback) && feedback.ValueKind == JsonValueKind.Object
                ? String(feedback, "blockReason")
                : null;
            var parts = new List<GeminiPart>();
            string? finishReason = null;
            if (root.TryGetProperty("candidates", out var candidates) && candidates.GetArrayLength() > 0)
            {
                var candidate = candidates[0];
                finishReason = String(candidate, "finishReason");
                if (candidate.TryGetProperty("content", out var content)
                    && content.TryGetProperty("parts", out var partArray))
                {
                    parts.AddRange(partArray.EnumerateArray().Select(ReadPart));
                }
            }

            int? prompt = null, output = null;
            if (root.TryGetProperty("usageMetadata", out var usage))
            {
                prompt = Int(usage, "promptTokenCount");
                output = Int(usage, "candidatesTokenCount");
            }

            return new GeminiReply(parts, finishReason, blockReason, prompt, output, String(root, "modelVersion"));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw GeminiErrors.Create(AiErrorKind.MalformedResponse, "the reply did not have the generateContent shape", 200, inner: e);
        }
    }

    /// <summary>Throws for a blocked, cut-off or empty answer; <paramref name="wantImage"/> for image calls.</summary>
    public void EnsureUsable(bool wantImage)
    {
        if (BlockReason is not null)
        {
            throw GeminiErrors.Create(AiErrorKind.ContentBlocked, $"the prompt was blocked ({BlockReason})", 200, BlockReason);
        }

        if (FinishReason is not null && Blocked.Contains(FinishReason))
        {
            throw GeminiErrors.Create(AiErrorKind.ContentBlocked, $"the answer was blocked ({FinishReason})", 200, FinishReason);
        }

        if (FinishReason is "MAX_TOKENS")
        {
            throw GeminiErrors.Create(AiErrorKind.Truncated, "the answer stopped at the token limit", 200, FinishReason);
        }

        if (wantImage && FinalImage is null)
        {
            throw GeminiErrors.Create(
                AiErrorKind.NoImage, $"the answer had no image (finish reason {FinishReason ?? "none"})", 200, FinishReason,
                detail: Text.Length > 0 ? GeminiErrors.Redact(Text, null) : null);
        }

        if (!wantImage && Parts.Count == 0)
        {
            throw GeminiErrors.Create(
                AiErrorKind.MalformedResponse, $"the answer had no content (finish reason {FinishReason ?? "none"})", 200, FinishReason);
        }
    }

    /// <summary>The last image that is not an interim "thought" image.</summary>
    public GeminiPart? FinalImage => Parts.LastOrDefault(p => !p.IsThought && p.Data is not null);

    private static GeminiPart ReadPart(JsonElement part)
    {
        var thought = part.TryGetProperty("thought", out var t) && t.ValueKind == JsonValueKind.True;
        string? mime = null, data = null;
        if (part.TryGetProperty("inlineData", out var inline) || part.TryGetProperty("inline_data", out inline))
        {
            mime = String(inline, "mimeType") ?? String(inline, "mime_type");
            data = String(inline, "data");
        }

        return new GeminiPart(String(part, "text"), thought, mime, data);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}
