using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.TestSupport.Images;

namespace ProductDescriber.Providers.Offline.Tests;

/// <summary>The provider decodes through the shared imaging library: photos are measured upright, and what it
/// cannot read is an invalid request that says why.</summary>
public sealed class OfflinePhotoDecodingTests
{
    private readonly IAiProvider provider = OfflineProviderFixture.Create();

    [Theory]
    [InlineData(1, 160, 80)]
    [InlineData(6, 80, 160)] // stored sideways, shown turned a quarter
    [InlineData(8, 80, 160)]
    public async Task A_photo_is_measured_as_it_is_shown_after_its_exif_orientation(int orientation, int width, int height)
    {
        var measured = await MeasureAsync(TestImages.JpegWithOrientation(160, 80, orientation), "image/jpeg");

        var photo = Assert.Single(measured.Photos);
        Assert.Equal(("jpeg", width, height), (photo.Format, photo.Width, photo.Height));
    }

    [Fact]
    public async Task A_webp_photo_is_measured()
    {
        var measured = await MeasureAsync(TestImages.WebP(120, 60), "image/webp");

        Assert.Equal(("webp", 120, 60), (measured.Photos[0].Format, measured.Photos[0].Width, measured.Photos[0].Height));
    }

    [Theory]
    [InlineData("gif", "Image 1 is Gif; the offline provider reads PNG, JPEG and WebP.")]
    [InlineData("text", "Image 1 is not an image the offline provider can read (PNG, JPEG or WebP).")]
    [InlineData("truncated", "Image 1 does not decode completely.")]
    public async Task A_photo_it_cannot_read_is_an_invalid_request_that_says_why(string kind, string message)
    {
        var bytes = kind switch
        {
            "gif" => TestImages.Gif(16, 16),
            "text" => TestImages.TextFile(),
            _ => TestImages.Png(256, 256, noise: true)[..100_000],
        };

        var error = await Assert.ThrowsAsync<AiProviderException>(() => MeasureAsync(bytes, "image/png"));

        Assert.Equal((AiErrorKind.InvalidRequest, "offline: " + message), (error.Kind, error.Message));
    }

    private async Task<OfflineMeasurements> MeasureAsync(byte[] photo, string mimeType)
    {
        var history = new ChatHistory();
        history.AddUserMessage([new TextContent("Describe this product using the template."), new ImageContent(photo, mimeType)]);
        var reply = Assert.Single(await provider.Vision!.GetChatMessageContentsAsync(history));
        return Assert.IsType<OfflineMeasurements>(reply.Metadata![AiMetadata.Measurements]);
    }
}
