using System.Runtime.CompilerServices;
using ProductDescriber.Providers.Abstractions;

namespace ProductDescriber.Providers.Gemini;

/// <summary>
/// Pictures over generateContent with image output. Gemini returns one final image per call, so N images are N
/// calls, each yielded as soon as it arrives.
/// </summary>
internal sealed class GeminiImageGenerationService(GeminiTransport transport, GeminiOptions options, TimeProvider time)
    : IImageGenerationService
{
    public async IAsyncEnumerable<GeneratedImage> GenerateAsync(
        ImageGenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = GeminiOptions.CanonicalModel(request.Model ?? options.ImageModel);
        var body = GeminiRequests.Image(request);
        for (var index = request.StartIndex; index < request.StartIndex + request.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = time.GetTimestamp();
            GeminiReply reply;
            using (var document = await transport.GenerateContentAsync(model, body, imageCall: true, cancellationToken))
            {
                reply = GeminiReply.Parse(document);
            }

            reply.EnsureUsable(wantImage: true);
            var image = reply.FinalImage!;
            var usage = new AiUsage(
                GeminiErrors.Provider, reply.ModelVersion ?? model, reply.PromptTokens, reply.OutputTokens, time.GetElapsedTime(started));
            var text = reply.Text;
            yield return new GeneratedImage(
                index, Decode(image.Data!), image.MimeType ?? "image/png", text.Length == 0 ? null : text, usage);
        }
    }

    private static byte[] Decode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException e)
        {
            throw GeminiErrors.Create(AiErrorKind.MalformedResponse, "the image data was not valid base64", 200, inner: e);
        }
    }
}
