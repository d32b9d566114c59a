using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;
using SkiaSharp;

namespace ProductDescriber.Bench;

/// <summary>
/// An image provider that answers at once, for the <c>jobs</c> and <c>subscribers</c> scenarios: what remains of a
/// generation job is then the scheduling, the database writes and the gallery's storing, which is what they measure.
/// The Offline provider composites real pictures (hundreds of ms of CPU each), so it would measure itself instead.
/// Registered straight into the bench's Host (it is composed in this process), not as a plugin.
/// </summary>
internal sealed class InstantImagesProvider : IAiProvider
{
    public const string ProviderName = "instant";
    private const string Model = "instant-1";

    public AiProviderDescriptor Descriptor { get; } = new(
        Name: ProviderName,
        DisplayName: "Instant (bench only)",
        Capabilities: AiCapabilities.ImageGeneration,
        VisionModel: null,
        ImageModel: Model,
        IsConfigured: true,
        IsRemote: false,
        Limits: new AiProviderLimits(MaxReferenceImages: 4, MaxImageEdge: 2048, MaxImageBytes: 7_000_000, MaxImagesPerCall: 8));

    public IChatCompletionService? Vision => null;

    public IImageGenerationService? Images { get; } = new InstantImages();

    /// <summary>Yields a small PNG encoded once at start-up for each index asked for, without waiting.</summary>
    private sealed class InstantImages : IImageGenerationService
    {
        private static readonly byte[][] Pictures = [.. Enumerable.Range(0, 8).Select(Encode)];

        public async IAsyncEnumerable<GeneratedImage> GenerateAsync(ImageGenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var index = request.StartIndex; index < request.StartIndex + request.Count; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new GeneratedImage(index, Pictures[index % Pictures.Length], "image/png", null, new AiUsage(ProviderName, Model, null, null, TimeSpan.Zero));
            }

            await Task.CompletedTask;
        }

        /// <summary>A 64 x 64 square of one colour per index (a few hundred bytes).</summary>
        private static byte[] Encode(int index)
        {
            using var bitmap = new SKBitmap(64, 64);
            bitmap.Erase(SKColor.FromHsv(index * 45 % 360, 70, 85));
            using var image = SKImage.FromBitmap(bitmap);
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            return png.ToArray();
        }
    }
}
