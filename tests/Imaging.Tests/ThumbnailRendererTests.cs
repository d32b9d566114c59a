using ProductDescriber.TestSupport.Images;
using SkiaSharp;

namespace ProductDescriber.Imaging.Tests;

public sealed class ThumbnailRendererTests
{
    [Fact]
    public void Webp_thumbnail_fits_the_longer_edge_and_is_webp()
    {
        var thumbnail = Render(TestImages.Jpeg(800, 400), 200, ThumbnailFormat.WebP);

        Assert.Equal("RIFF"u8.ToArray(), thumbnail[..4]);
        Assert.Equal("WEBP"u8.ToArray(), thumbnail[8..12]);
        using var bitmap = ImageAsserts.Decode(thumbnail);
        Assert.Equal((200, 100), (bitmap.Width, bitmap.Height));
        ImageAsserts.ColorNear(SKColors.Red, bitmap.GetPixel(20, 50));
        ImageAsserts.ColorNear(SKColors.Blue, bitmap.GetPixel(180, 50));
    }

    [Fact]
    public void Jpeg_thumbnail_of_a_tall_image_fits_its_height_and_is_jpeg()
    {
        var thumbnail = Render(TestImages.Png(300, 900), 150, ThumbnailFormat.Jpeg);

        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, thumbnail[..3]);
        using var bitmap = ImageAsserts.Decode(thumbnail);
        Assert.Equal((50, 150), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void Real_photo_thumbnail_keeps_its_aspect_ratio()
    {
        var photo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "stasher_1.png"));

        using var bitmap = ImageAsserts.Decode(Render(photo, 400, ThumbnailFormat.WebP));

        Assert.Equal((400, 350), (bitmap.Width, bitmap.Height)); // 1192 x 1044 scaled by 400/1192
    }

    [Fact]
    public void Large_png_is_averaged_down_while_decoding_and_keeps_its_colours()
    {
        using var bitmap = ImageAsserts.Decode(Render(TestImages.Png(3000, 1500), 100, ThumbnailFormat.WebP));

        Assert.Equal((100, 50), (bitmap.Width, bitmap.Height));
        ImageAsserts.ColorNear(SKColors.Red, bitmap.GetPixel(10, 25));
        ImageAsserts.ColorNear(SKColors.Blue, bitmap.GetPixel(90, 25));
    }

    [Theory]
    [InlineData("Gif")]
    [InlineData("WebP")]
    public void Gif_and_webp_sources_are_thumbnailed(string kind)
    {
        var source = kind == "Gif" ? TestImages.AnimatedGif(120, 60, frames: 2) : TestImages.WebP(120, 60);

        using var bitmap = ImageAsserts.Decode(Render(source, 60, ThumbnailFormat.WebP));

        Assert.Equal((60, 30), (bitmap.Width, bitmap.Height));
        ImageAsserts.ColorNear(SKColors.Red, bitmap.GetPixel(5, 15));
    }

    [Fact]
    public void Interlaced_png_is_thumbnailed()
    {
        using var bitmap = ImageAsserts.Decode(Render(TestImages.InterlacedPng(400, 200), 100, ThumbnailFormat.Jpeg));

        Assert.Equal((100, 50), (bitmap.Width, bitmap.Height));
        ImageAsserts.ColorNear(SKColors.Red, bitmap.GetPixel(10, 25));
        ImageAsserts.ColorNear(SKColors.Blue, bitmap.GetPixel(90, 25));
    }

    [Fact]
    public void Small_images_are_never_scaled_up()
    {
        using var bitmap = ImageAsserts.Decode(Render(TestImages.Png(30, 20), 400, ThumbnailFormat.WebP));

        Assert.Equal((30, 20), (bitmap.Width, bitmap.Height));
    }

    [Theory]
    [InlineData(6, "Red", "Blue")] // rotated 90 degrees clockwise: the stored left half ends up on top
    [InlineData(8, "Blue", "Red")] // rotated 90 degrees counter-clockwise: the stored right half ends up on top
    public void Exif_orientation_is_applied(int orientation, string top, string bottom)
    {
        var source = TestImages.JpegWithOrientation(160, 80, orientation);

        using var bitmap = ImageAsserts.Decode(Render(source, 80, ThumbnailFormat.Jpeg));

        Assert.Equal((40, 80), (bitmap.Width, bitmap.Height));
        ImageAsserts.ColorNear(Named(top), bitmap.GetPixel(20, 10));
        ImageAsserts.ColorNear(Named(bottom), bitmap.GetPixel(20, 70));
    }

    [Fact]
    public void Transparency_becomes_white_in_a_jpeg_thumbnail_and_stays_in_webp()
    {
        var source = TransparentPngWithRedSquare();

        using var jpeg = ImageAsserts.Decode(Render(source, 64, ThumbnailFormat.Jpeg));
        using var webp = ImageAsserts.Decode(Render(source, 64, ThumbnailFormat.WebP));

        ImageAsserts.ColorNear(SKColors.White, jpeg.GetPixel(2, 2));
        ImageAsserts.ColorNear(SKColors.Red, jpeg.GetPixel(32, 32));
        Assert.Equal(0, webp.GetPixel(2, 2).Alpha);
        ImageAsserts.ColorNear(SKColors.Red, webp.GetPixel(32, 32));
    }

    [Fact]
    public void Non_image_source_is_refused() =>
        Assert.Throws<InvalidDataException>(() => Render(TestImages.TextFile(), 100, ThumbnailFormat.WebP));

    [Theory]
    [InlineData("WebP", "image/webp")]
    [InlineData("Jpeg", "image/jpeg")]
    public void Each_thumbnail_format_names_its_content_type(string formatName, string mimeType) =>
        Assert.Equal(mimeType, ThumbnailRenderer.MimeType(Enum.Parse<ThumbnailFormat>(formatName)));

    private static byte[] Render(byte[] source, int maxEdge, ThumbnailFormat format)
    {
        using var output = new MemoryStream();
        ThumbnailRenderer.Render(new MemoryStream(source), maxEdge, format, output);
        return output.ToArray();
    }

    private static SKColor Named(string name) => name == "Red" ? SKColors.Red : SKColors.Blue;

    private static byte[] TransparentPngWithRedSquare()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(64, 64, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.Transparent);
        bitmap.Erase(SKColors.Red, new SKRectI(16, 16, 48, 48));
        using var output = new MemoryStream();
        Assert.True(bitmap.Encode(output, SKEncodedImageFormat.Png, 100));
        return output.ToArray();
    }
}
