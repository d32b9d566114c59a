namespace ProductDescriber.TestSupport.FakeAi;

/// <summary>Replies shaped as documented at developers.openai.com/api/reference (chat completions, images).</summary>
public static class OpenAIFixtures
{
    /// <summary>A real 1x1 PNG, so decoding paths see a genuine image.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>Bytes labelled JPEG (the provider passes them through; only the label and base64 matter here).</summary>
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9];

    public static string Chat(string content, string finish = "stop", string refusal = "null") => $$$"""
        {"id":"chatcmpl-abc123","object":"chat.completion","created":1760000000,"model":"gpt-5.1-2025-11-13",
         "choices":[{"index":0,"message":{"role":"assistant","content":{{{System.Text.Json.JsonSerializer.Serialize(content)}}},"refusal":{{{refusal}}},"annotations":[]},
                     "logprobs":null,"finish_reason":"{{{finish}}}"}],
         "usage":{"prompt_tokens":812,"completion_tokens":45,"total_tokens":857,
                  "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
                  "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
         "service_tier":"default","system_fingerprint":null}
        """;

    public static string Images(int count, string size = "1536x1024")
    {
        var data = string.Join(",", Enumerable.Range(0, count).Select(_ => $$$"""{"b64_json":"{{{Convert.ToBase64String(Png)}}}"}"""));
        return $$$"""
            {"created":1760000000,"background":"opaque","data":[{{{data}}}],"output_format":"png","quality":"high","size":"{{{size}}}",
             "usage":{"input_tokens":520,"input_tokens_details":{"image_tokens":470,"text_tokens":50},"output_tokens":{{{6240 * count}}},"total_tokens":{{{520 + 6240 * count}}}}}
            """;
    }
}
