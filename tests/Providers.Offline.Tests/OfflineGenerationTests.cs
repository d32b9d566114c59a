using ProductDescriber.Providers.Abstractions;
using SkiaSharp;

namespace ProductDescriber.Providers.Offline.Tests;

public sealed class OfflineGenerationTests
{
    private readonly IAiProvider provider = OfflineProviderFixture.Create();

    public static TheoryData<int, int, ImageResolution, int, int> Sizes => new()
    {
        { 1, 1, ImageResolution.OneK, 1024, 1024 },
        { 16, 9, ImageResolution.OneK, 1024, 576 },
        { 9, 16, ImageResolution.OneK, 576, 1024 },
        { 1, 1, ImageResolution.TwoK, 2048, 2048 },
        { 16, 9, ImageResolution.TwoK, 2048, 1152 },
        { 9, 16, ImageResolution.TwoK, 1152, 2048 },
        { 16, 9, ImageResolution.FourK, 4096, 2304 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Pictures_have_exactly_the_requested_pixel_size(int ratioWidth, int ratioHeight, ImageResolution resolution, int width, int height)
    {
        var images = await GenerateAsync(Request("a product photo", new AspectRatio(ratioWidth, ratioHeight), resolution));

        var image = Assert.Single(images);
        Assert.Equal("image/png", image.MediaType);
        using var bitmap = Decode(image);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task Three_pictures_are_three_distinct_images_in_index_order()
    {
        var images = await GenerateAsync(Request("on a marble table", AspectRatio.Square, ImageResolution.OneK) with { Count = 3, StartIndex = 4 });

        Assert.Equal([4, 5, 6], images.Select(i => i.Index));
        Assert.Equal(3, images.Select(i => Convert.ToHexString(i.Bytes.Span)).Distinct().Count());
        Assert.All(images, i => Assert.False(string.IsNullOrWhiteSpace(i.ModelText)));
        Assert.All(images, i => Assert.Equal(("offline", "offline-composite-1"), (i.Usage.Provider, i.Usage.Model)));
    }

    [Fact]
    public async Task The_same_request_repeats_itself()
    {
        var request = Request("on a wooden desk", new AspectRatio(4, 3), ImageResolution.OneK) with { Seed = "job-17" };

        var first = Assert.Single(await GenerateAsync(request));
        var second = Assert.Single(await GenerateAsync(request));

        Assert.True(first.Bytes.Span.SequenceEqual(second.Bytes.Span));
    }

    /// <summary>The product's main colour, as vision measured it, covers a real part of a picture whose black backdrop
    /// has none of it, and the picture is far from a plain backdrop. The share asked (0.5 %, about 3,000 pixels) is
    /// low on purpose: stasher_1 cannot be cut out with confidence (hands, cropped frame), so the whole photo is
    /// placed and its product is only a fifth of it.</summary>
    [Theory]
    [InlineData("stasher_1.png")]
    [InlineData("stasher_2.png")]
    public async Task The_picture_contains_the_product(string photo)
    {
        var reply = await OfflineProviderFixture.AnalyseAsync(provider, photo);
        var measured = (OfflineMeasurements)reply.Metadata![AiMetadata.Measurements]!;
        var productColour = LabColor.FromHex(measured.ProductColors[0].Hex);

        var image = Assert.Single(await GenerateAsync(Request("on a black background", new AspectRatio(16, 9), ImageResolution.OneK, photo)));
        using var bitmap = Decode(image);
        var pixels = Pixels(bitmap).Select(LabColor.From).ToList();
        var border = LabColor.From(bitmap.GetPixel(2, 2));

        var nearProduct = pixels.Count(p => p.DistanceTo(productColour) < 12) / (double)pixels.Count;
        var unlikeBackdrop = pixels.Count(p => p.DistanceTo(border) > 15) / (double)pixels.Count;
        Assert.True(nearProduct > 0.005, $"only {nearProduct:P1} of the picture is near the product colour {measured.ProductColors[0].Hex}");
        Assert.True(unlikeBackdrop > 0.10, $"only {unlikeBackdrop:P1} of the picture differs from the backdrop");
    }

    [Theory]
    [InlineData("Product on a white background, soft light", true)]
    [InlineData("Product on a black background, dramatic", false)]
    public async Task Colour_words_in_the_prompt_set_the_backdrop(string prompt, bool light)
    {
        var image = Assert.Single(await GenerateAsync(Request(prompt, new AspectRatio(3, 2), ImageResolution.OneK)));
        using var bitmap = Decode(image);

        var ring = Ring(bitmap, (int)(0.03 * Math.Min(bitmap.Width, bitmap.Height))).Select(LabColor.From).ToList();
        var lightness = ring.Average(c => c.L);
        Assert.True(light ? lightness > 85 : lightness < 20, $"border ring lightness {lightness:0.0} for \"{prompt}\"");
    }

    [Fact]
    public async Task Without_a_reference_photo_the_request_is_invalid()
    {
        var request = Request("on white", AspectRatio.Square, ImageResolution.OneK) with { ReferenceImages = [] };

        var error = await Assert.ThrowsAsync<AiProviderException>(() => GenerateAsync(request));
        Assert.Equal(AiErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("reference image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_between_pictures_stops_the_series()
    {
        using var cancellation = new CancellationTokenSource();
        var received = new List<GeneratedImage>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var image in provider.Images!.GenerateAsync(Request("on white", AspectRatio.Square, ImageResolution.OneK) with { Count = 3 }, cancellation.Token))
            {
                received.Add(image);
                await cancellation.CancelAsync();
            }
        });
        Assert.Single(received);
    }

    [Fact]
    public async Task The_primary_reference_photo_is_the_one_composited()
    {
        var references = new List<InputImage>
        {
            new(OfflineProviderFixture.Photo("stasher_1.png"), "image/png"),
            new(OfflineProviderFixture.Photo("stasher_2.png"), "image/png", IsPrimary: true),
        };
        var request = Request("on a black background", AspectRatio.Square, ImageResolution.OneK) with { ReferenceImages = references };
        var fromBoth = Assert.Single(await GenerateAsync(request));
        var fromPrimary = Assert.Single(await GenerateAsync(request with { ReferenceImages = [references[1]] }));

        Assert.True(fromBoth.Bytes.Span.SequenceEqual(fromPrimary.Bytes.Span));
    }

    internal static ImageGenerationRequest Request(string prompt, AspectRatio ratio, ImageResolution resolution, string photo = "stasher_2.png") =>
        new(prompt, [new InputImage(OfflineProviderFixture.Photo(photo), "image/png", IsPrimary: true)], ratio, resolution);

    private async Task<List<GeneratedImage>> GenerateAsync(ImageGenerationRequest request)
    {
        var images = new List<GeneratedImage>();
        await foreach (var image in provider.Images!.GenerateAsync(request, CancellationToken.None))
        {
            images.Add(image);
        }

        return images;
    }

    private static SKBitmap Decode(GeneratedImage image) =>
        SKBitmap.Decode(image.Bytes.ToArray()) ?? throw new InvalidOperationException("not a decodable image");

    private static IEnumerable<SKColor> Pixels(SKBitmap bitmap)
    {
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                yield return bitmap.GetPixel(x, y);
            }
        }
    }

    private static IEnumerable<SKColor> Ring(SKBitmap bitmap, int thickness)
    {
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (x < thickness || y < thickness || x >= bitmap.Width - thickness || y >= bitmap.Height - thickness)
                {
                    yield return bitmap.GetPixel(x, y);
                }
            }
        }
    }
}
