using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.OpenAI;

/// <summary>
/// Pictures through the images API, with our own requests: SK 1.82 has no edit call, and the SDK's edit call takes
/// one image where a product needs several reference photos. With references: multipart <c>/images/edits</c> (one
/// <c>image[]</c> part each); without: JSON <c>/images/generations</c>.
/// </summary>
internal sealed class OpenAIImageService(HttpClient http, OpenAIOptions options) : IImageGenerationService
{
    public async IAsyncEnumerable<GeneratedImage> GenerateAsync(
        ImageGenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!options.IsConfigured)
        {
            throw OpenAIErrors.NotConfigured();
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(request.Count, 1);
        var perCall = Math.Clamp(options.MaxImagesPerCall, 1, 10);
        var made = 0;
        while (made < request.Count)
        {
            var n = Math.Min(perCall, request.Count - made);
            var images = await CallAsync(request, n, request.StartIndex + made, cancellationToken).ConfigureAwait(false);
            foreach (var image in images)
            {
                yield return image;
            }

            made += images.Count;
        }
    }

    private async Task<IReadOnlyList<GeneratedImage>> CallAsync(
        ImageGenerationRequest request, int n, int firstIndex, CancellationToken cancellationToken)
    {
        var model = request.Model ?? options.ImageModel;
        using var message = request.ReferenceImages.Count > 0
            ? new HttpRequestMessage(HttpMethod.Post, "images/edits") { Content = EditBody(request, model, n) }
            : new HttpRequestMessage(HttpMethod.Post, "images/generations") { Content = JsonContent.Create(GenerationBody(request, model, n)) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);

        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && AiProviderResilience.TimeoutOf(e) is { } limit)
        {
            throw OpenAIErrors.Timeout(limit, null);
        }
        catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AiProviderException(OpenAIErrors.Provider, AiErrorKind.Unavailable, "the service could not be reached");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var error = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                var retryAfter = AiRetryRules.RetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow);
                throw OpenAIErrors.FromHttp((int)response.StatusCode, error, retryAfter, options.ApiKey);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await ReadAsync(body, model, firstIndex, Stopwatch.GetElapsedTime(started), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyList<GeneratedImage>> ReadAsync(
        Stream body, string model, int firstIndex, TimeSpan duration, CancellationToken cancellationToken)
    {
        JsonDocument json;
        try
        {
            json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw OpenAIErrors.Malformed("not JSON", e);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw OpenAIErrors.Malformed("not a JSON object");
            }

            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Array
                ? d.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("b64_json", out _)).ToList()
                : [];
            if (data.Count == 0)
            {
                throw new AiProviderException(OpenAIErrors.Provider, AiErrorKind.NoImage, "the reply held no image");
            }

            var format = root.TryGetProperty("output_format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : "png";
            var mediaType = format switch { "jpeg" or "jpg" => "image/jpeg", "webp" => "image/webp", _ => "image/png" };
            var (input, output) = Tokens(root);
            var images = new List<GeneratedImage>(data.Count);
            for (var i = 0; i < data.Count; i++)
            {
                byte[] bytes;
                try
                {
                    bytes = Convert.FromBase64String(data[i].GetProperty("b64_json").GetString() ?? "");
                }
                catch (Exception e) when (e is FormatException or InvalidOperationException)
                {
                    throw OpenAIErrors.Malformed("an image was not base64", e);
                }

                if (bytes.Length == 0)
                {
                    throw OpenAIErrors.Malformed("an image was empty");
                }

                var text = data[i].TryGetProperty("revised_prompt", out var rp) && rp.ValueKind == JsonValueKind.String ? rp.GetString() : null;

                // The call's tokens are shared out so that adding up the images' usage gives the call's.
                var usage = new AiUsage(OpenAIErrors.Provider, model, Share(input, i, data.Count), Share(output, i, data.Count), duration);
                images.Add(new GeneratedImage(firstIndex + i, bytes, mediaType, text, usage));
            }

            return images;
        }
    }

    private static (int? Input, int? Output) Tokens(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        return (Int(usage, "input_tokens"), Int(usage, "output_tokens"));

        static int? Int(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : null;
    }

    private static int? Share(int? total, int index, int count) =>
        total is not { } t ? null : t / count + (index == 0 ? t % count : 0);

    private Dictionary<string, object> GenerationBody(ImageGenerationRequest request, string model, int n) => new()
    {
        ["model"] = model,
        ["prompt"] = request.Prompt,
        ["n"] = n,
        ["size"] = Size(request.AspectRatio),
        ["quality"] = Quality(request.Resolution),
        ["output_format"] = "png",
    };

    private MultipartFormDataContent EditBody(ImageGenerationRequest request, string model, int n)
    {
        var form = new MultipartFormDataContent();
        var i = 0;
        foreach (var image in request.ReferenceImages.OrderByDescending(r => r.IsPrimary))
        {
            var part = new ReadOnlyMemoryContent(image.Bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(image.MediaType);
            form.Add(part, "image[]", $"reference-{i++}{Extension(image.MediaType)}");
        }

        form.Add(new StringContent(request.Prompt), "prompt");
        form.Add(new StringContent(model), "model");
        form.Add(new StringContent(n.ToString(CultureInfo.InvariantCulture)), "n");
        form.Add(new StringContent(Size(request.AspectRatio)), "size");
        form.Add(new StringContent(Quality(request.Resolution)), "quality");
        form.Add(new StringContent("png"), "output_format");
        if (!string.IsNullOrWhiteSpace(options.InputFidelity))
        {
            form.Add(new StringContent(options.InputFidelity), "input_fidelity");
        }

        return form;
    }

    /// <summary>gpt-image-1 makes three sizes; a ratio gets the nearest (by log distance), the caller crops.</summary>
    internal static string Size(AspectRatio ratio)
    {
        var r = Math.Log(ratio.Value);
        (string Size, double Ratio)[] sizes = [("1024x1024", 1.0), ("1536x1024", 1.5), ("1024x1536", 1024.0 / 1536)];
        return sizes.MinBy(s => Math.Abs(Math.Log(s.Ratio) - r)).Size;
    }

    // The long edge cannot exceed 1536, so resolution buys detail instead: 1K medium, 2K and 4K high.
    private static string Quality(ImageResolution resolution) => resolution == ImageResolution.OneK ? "medium" : "high";

    private static string Extension(string mediaType) => mediaType switch
    {
        "image/jpeg" => ".jpg",
        "image/webp" => ".webp",
        _ => ".png",
    };
}
