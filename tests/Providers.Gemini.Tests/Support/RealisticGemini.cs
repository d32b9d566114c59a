using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ProductDescriber.Providers.Abstractions;
using SkiaSharp;

namespace ProductDescriber.Providers.Gemini.Tests.Support;

/// <summary>
/// Answers as generativelanguage.googleapis.com does on success: text for a vision call, and for an image call
/// (responseModalities holding IMAGE) a real PNG sized by the request's imageConfig, so the contract kit can check
/// ratio and format against what the provider passed on.
/// </summary>
internal static class RealisticGemini
{
    public static Task Respond(FakeGemini fake, HttpContext context, int number)
    {
        var body = fake.Requests.Single(r => r.Number == number).Body;
        var config = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("generationConfig", out var c) ? c : default;
        return WantsImage(config)
            ? FakeGemini.Reply(context, 200, ImageReply(config))
            : FakeGemini.Reply(context, 200, GeminiFixtures.VisionSuccess);
    }

    private static bool WantsImage(JsonElement config) =>
        config.ValueKind == JsonValueKind.Object
        && config.TryGetProperty("responseModalities", out var modalities)
        && modalities.EnumerateArray().Any(m => m.GetString() == "IMAGE");

    private static string ImageReply(JsonElement config)
    {
        var imageConfig = config.TryGetProperty("imageConfig", out var i) ? i : default;
        // Gemini's defaults when the request leaves them out: square, 1K.
        var ratio = AspectRatio.TryParse(Text(imageConfig, "aspectRatio"), out var r) ? r : AspectRatio.Square;
        var size = ImageResolutions.TryParse(Text(imageConfig, "imageSize") ?? "1K", out var s) ? s : ImageResolution.OneK;
        var (width, height) = Pixels(ratio, size.LongEdge());
        var reply = new
        {
            candidates = new[]
            {
                new
                {
                    content = new
                    {
                        role = "model",
                        parts = new object[]
                        {
                            new { text = "Here is the product on a plain background." },
                            new { inlineData = new { mimeType = "image/png", data = Convert.ToBase64String(Png(width, height)) } },
                        },
                    },
                    finishReason = "STOP",
                },
            },
            usageMetadata = new { promptTokenCount = 560, candidatesTokenCount = 1120, totalTokenCount = 1680 },
            modelVersion = "gemini-3-pro-image",
        };
        return JsonSerializer.Serialize(reply);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static (int Width, int Height) Pixels(AspectRatio ratio, int longEdge) => ratio.Width >= ratio.Height
        ? (longEdge, (int)Math.Round(longEdge / ratio.Value))
        : ((int)Math.Round(longEdge * ratio.Value), longEdge);

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0xE6, 0xE6, 0xE4));
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
