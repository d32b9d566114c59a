using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Gemini;

/// <summary>Builds generateContent bodies; the one place that knows the request spelling (see providers.md 2.1-2.2).</summary>
internal static class GeminiRequests
{
    public static JsonObject Vision(ChatHistory history, PromptExecutionSettings? settings)
    {
        var contents = new JsonArray();
        var system = new JsonArray();
        foreach (var message in history)
        {
            if (message.Role == AuthorRole.System)
            {
                foreach (var item in message.Items.OfType<TextContent>().Where(t => !string.IsNullOrEmpty(t.Text)))
                {
                    system.Add(TextPart(item.Text!));
                }

                continue;
            }

            var role = message.Role == AuthorRole.Assistant ? "model" : "user";
            var parts = new JsonArray();
            foreach (var item in message.Items)
            {
                switch (item)
                {
                    case TextContent { Text: { Length: > 0 } text }:
                        parts.Add(TextPart(text));
                        break;
                    case ImageContent image:
                        parts.Add(ImagePart(image));
                        break;
                }
            }

            if (parts.Count > 0)
            {
                contents.Add(new JsonObject { ["role"] = role, ["parts"] = parts });
            }
        }

        var body = new JsonObject { ["contents"] = contents };
        if (system.Count > 0)
        {
            body["systemInstruction"] = new JsonObject { ["parts"] = system };
        }

        var config = GenerationConfig(settings);
        if (config.Count > 0)
        {
            body["generationConfig"] = config;
        }

        return body;
    }

    public static JsonObject Image(ImageGenerationRequest request)
    {
        var parts = new JsonArray { TextPart(request.Prompt) };
        foreach (var reference in request.ReferenceImages)
        {
            parts.Add(InlineData(reference.Bytes.Span, reference.MediaType));
        }

        return new JsonObject
        {
            ["contents"] = new JsonArray { new JsonObject { ["role"] = "user", ["parts"] = parts } },
            ["generationConfig"] = new JsonObject
            {
                // Always explicit: without it an image model may answer with text only.
                ["responseModalities"] = new JsonArray { "TEXT", "IMAGE" },
                ["imageConfig"] = new JsonObject
                {
                    ["aspectRatio"] = request.AspectRatio.ToString(),
                    ["imageSize"] = request.Resolution.Label(),
                },
            },
        };
    }

    private static JsonObject TextPart(string text) => new() { ["text"] = text };

    private static JsonObject ImagePart(ImageContent image)
    {
        if (image.Data is not { Length: > 0 } data || string.IsNullOrEmpty(image.MimeType))
        {
            throw GeminiErrors.Create(AiErrorKind.InvalidRequest, "images must be sent as bytes with a media type, not as links");
        }

        return InlineData(data.Span, image.MimeType);
    }

    private static JsonObject InlineData(ReadOnlySpan<byte> bytes, string mediaType) => new()
    {
        ["inline_data"] = new JsonObject { ["mime_type"] = mediaType, ["data"] = Convert.ToBase64String(bytes) },
    };

    /// <summary>Reads the few settings we pass on from a provider-neutral <see cref="PromptExecutionSettings"/>.</summary>
    private static JsonObject GenerationConfig(PromptExecutionSettings? settings)
    {
        var config = new JsonObject();
        var extra = settings?.ExtensionData;
        if (extra is null)
        {
            return config;
        }

        if (Number(extra, "maxOutputTokens", "max_tokens", "max_completion_tokens") is { } max)
        {
            config["maxOutputTokens"] = (int)max;
        }

        if (Number(extra, "temperature") is { } temperature)
        {
            config["temperature"] = temperature;
        }

        if (Value(extra, "responseMimeType", "response_mime_type") is { } mime)
        {
            config["responseMimeType"] = mime.ToString();
        }

        if (Value(extra, "responseJsonSchema", "response_json_schema") is { } schema)
        {
            config["responseJsonSchema"] = schema switch
            {
                string text => JsonNode.Parse(text),
                JsonElement element => JsonNode.Parse(element.GetRawText()),
                JsonNode node => node.DeepClone(),
                _ => JsonSerializer.SerializeToNode(schema, schema.GetType()),
            };
        }

        return config;
    }

    private static object? Value(IDictionary<string, object> extra, params string[] names) =>
        names.Select(n => extra.TryGetValue(n, out var v) ? v : null).FirstOrDefault(v => v is not null);

    private static double? Number(IDictionary<string, object> extra, params string[] names) => Value(extra, names) switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Number } element => element.GetDouble(),
        IConvertible convertible => convertible.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };
}
