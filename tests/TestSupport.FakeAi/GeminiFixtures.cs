namespace ProductDescriber.TestSupport.FakeAi;

/// <summary>
/// Replies in the documented shapes: ai.google.dev/api/generate-content (GenerateContentResponse),
/// ai.google.dev/gemini-api/docs/image-generation (image parts, thought images) and
/// ai.google.dev/gemini-api/docs/troubleshooting (error bodies with google.rpc details).
/// </summary>
public static class GeminiFixtures
{
    /// <summary>A real 4x2 red PNG.</summary>
    public const string RedPng = "iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAIAAADwyuo0AAAAEElEQVR4nGM4IScHRwzIHABvCgghBqXSdgAAAABJRU5ErkJggg==";

    /// <summary>A real 2x2 blue PNG, used as the interim "thought" image.</summary>
    public const string BluePng = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGPg4voARAwQCgAY5gQRXDn5eAAAAABJRU5ErkJggg==";

    /// <summary>Looks like a Google key, so the redaction pattern is exercised too.</summary>
    public const string ApiKey = "AIzaSyFAKE0123456789abcdefghijklmnopqr";

    /// <summary>A vision reply whose one visible part is <paramref name="text"/>, with the usage numbers given.</summary>
    public static string Vision(string text, int promptTokens = 812, int candidatesTokens = 24) => $$$"""
        {"candidates": [{"content": {"role": "model", "parts": [{"text": {{{System.Text.Json.JsonSerializer.Serialize(text)}}}}]}, "finishReason": "STOP", "index": 0}],
         "usageMetadata": {"promptTokenCount": {{{promptTokens}}}, "candidatesTokenCount": {{{candidatesTokens}}}, "totalTokenCount": {{{promptTokens + candidatesTokens}}}},
         "modelVersion": "gemini-flash-latest"}
        """;

    public const string VisionSuccess = """
        {
          "candidates": [{
            "content": {"role": "model", "parts": [
              {"text": "Weighing the colours first.", "thought": true},
              {"text": "colour: red\n"},
              {"text": "material: cotton\n", "thoughtSignature": "c2ln"}
            ]},
            "finishReason": "STOP",
            "index": 0
          }],
          "usageMetadata": {"promptTokenCount": 812, "candidatesTokenCount": 24, "thoughtsTokenCount": 90, "totalTokenCount": 926},
          "modelVersion": "gemini-flash-latest",
          "responseId": "abc123"
        }
        """;

    public const string ImageSuccess = $$$"""
        {
          "candidates": [{
            "content": {"role": "model", "parts": [
              {"inlineData": {"mimeType": "image/png", "data": "{{{BluePng}}}"}, "thought": true},
              {"text": "Here is the product on a white table."},
              {"inlineData": {"mimeType": "image/png", "data": "{{{RedPng}}}"}}
            ]},
            "finishReason": "STOP"
          }],
          "usageMetadata": {"promptTokenCount": 1300, "candidatesTokenCount": 1120, "totalTokenCount": 2420,
            "candidatesTokensDetails": [{"modality": "IMAGE", "tokenCount": 1120}]},
          "modelVersion": "gemini-3-pro-image"
        }
        """;

    public const string TextOnly = """
        {"candidates": [{"content": {"role": "model", "parts": [{"text": "I can describe it, but not draw it."}]}, "finishReason": "STOP"}],
         "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 9}}
        """;

    public const string PromptBlocked = """
        {"promptFeedback": {"blockReason": "SAFETY", "safetyRatings": [{"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"}]},
         "usageMetadata": {"promptTokenCount": 10, "totalTokenCount": 10}}
        """;

    public const string ImageSafety = """
        {"candidates": [{"content": {"role": "model", "parts": []}, "finishReason": "IMAGE_SAFETY",
          "finishMessage": "Unable to show the generated image."}],
         "usageMetadata": {"promptTokenCount": 10}}
        """;

    public const string MaxTokens = """
        {"candidates": [{"content": {"role": "model", "parts": [{"text": "colour: re"}]}, "finishReason": "MAX_TOKENS"}]}
        """;

    public const string InvalidArgument = """
        {"error": {"code": 400, "message": "Invalid value at 'generation_config.image_config.aspect_ratio'", "status": "INVALID_ARGUMENT",
          "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "generation_config.image_config.aspect_ratio"}]}]}}
        """;

    /// <summary>Gemini echoes nothing of the key normally; this one does, to prove redaction.</summary>
    public const string ApiKeyInvalid = $$$"""
        {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key. Got {{{ApiKey}}}", "status": "INVALID_ARGUMENT",
          "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com",
            "metadata": {"service": "generativelanguage.googleapis.com"}}]}}
        """;

    public const string PermissionDenied = """
        {"error": {"code": 403, "message": "Method doesn't allow unregistered callers.", "status": "PERMISSION_DENIED"}}
        """;

    public const string ModelRetired = """
        {"error": {"code": 404, "message": "models/gemini-3-pro-image-preview is no longer available to new users.", "status": "NOT_FOUND"}}
        """;

    public const string RateLimitedRetryInfo = """
        {"error": {"code": 429, "message": "You exceeded your current quota. Please retry in 1s.", "status": "RESOURCE_EXHAUSTED",
          "details": [
            {"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count",
              "quotaId": "GenerateContentPaidTierInputTokensPerModelPerMinute", "quotaValue": "1000000"}]},
            {"@type": "type.googleapis.com/google.rpc.Help", "links": [{"description": "Learn more", "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}]},
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1s"}]}}
        """;

    public const string RateLimitedPlain = """
        {"error": {"code": 429, "message": "Resource has been exhausted (e.g. check quota).", "status": "RESOURCE_EXHAUSTED"}}
        """;

    public const string DailyQuota = """
        {"error": {"code": 429, "message": "You exceeded your current quota, please check your plan and billing details. Please retry in 41s.", "status": "RESOURCE_EXHAUSTED",
          "details": [
            {"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
              "quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier", "quotaDimensions": {"model": "gemini-3-pro-image", "location": "global"}}]},
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "41s"}]}}
        """;

    public const string Unavailable = """
        {"error": {"code": 503, "message": "The model is overloaded. Please try again later.", "status": "UNAVAILABLE"}}
        """;

    public const string HtmlBadGateway = """
        <!DOCTYPE html><html><head><title>Error 502 (Server Error)!!1</title></head><body><p><b>502.</b> That's an error.</p></body></html>
        """;
}
