using ProductDescriber.TestSupport.Images;
using SkiaSharp;

namespace ProductDescriber.Imaging.Tests;

/// <summary>The generated test images are what they claim to be (checked with SkiaSharp directly, not our inspector).</summary>
public sealed class TestImagesTests
{
    public static TheoryData<string, SKEncodedImageFormat> Generated => new()
    {
        { "png", SKEncodedImageFormat.Png },
        { "jpeg", SKEncodedImageFormat.Jpeg },
        { "webp", SKEncodedImageFormat.Webp },
        { "gif", SKEncodedImageFormat.Gif },
        { "animated-gif", SKEncodedImageFormat.Gif },
        { "oriented-jpeg", SKEncodedImageFormat.Jpeg },
    };

    [Theory]
    [MemberData(nameof(Generated))]
    public void Generated_images_decode_fully_with_the_expected_size(string kind, SKEncodedImageFormat format)
    {
        var bytes = kind switch
        {
            "png" => TestImages.Png(37, 21),
            "jpeg" => TestImages.Jpeg(37, 21),
            "webp" => TestImages.WebP(37, 21),
            "gif" => TestImages.Gif(37, 21),
            "animated-gif" => TestImages.AnimatedGif(37, 21, frames: 3),
            _ => TestImages.JpegWithOrientation(37, 21, 6),
        };

        using var codec = SKCodec.Create(new MemoryStream(bytes));
        Assert.NotNull(codec);
        Assert.Equal(format, codec.EncodedFormat);
        Assert.Equal(new SKSizeI(37, 21), codec.Info.Size);
        using var bitmap = new SKBitmap(codec.Info.WithColorType(SKColorType.Rgba8888));
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(bitmap.Info, bitmap.GetPixels()));
        ImageAsserts.ColorNear(SKColors.Red, bitmap.GetPixel(2, 10));
        ImageAsserts.ColorNear(SKColors.Blue, bitmap.GetPixel(34, 10));
        if (kind == "oriented-jpeg")
        {
            Assert.Equal(SKEncodedOrigin.RightTop, codec.EncodedOrigin);
        }
    }

    [Fact]
    public void Animated_gif_has_all_its_frames()
    {
        using var codec = SKCodec.Create(new MemoryStream(TestImages.AnimatedGif(8, 8, frames: 3)));
        Assert.Equal(3, codec.FrameCount);
    }

    [Fact]
    public void Noisy_png_is_about_the_requested_size_and_decodes()
    {
        var bytes = TestImages.NoisyPngOfAbout(2_000_000);
        Assert.InRange(bytes.Length, 1_900_000, 2_100_000);
        using var codec = SKCodec.Create(new MemoryStream(bytes));
        using var bitmap = new SKBitmap(codec.Info);
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(bitmap.Info, bitmap.GetPixels()));
    }

    [Fact]
    public void Pixel_bomb_declares_its_size_in_a_header_skia_accepts()
    {
        using var codec = SKCodec.Create(new MemoryStream(TestImages.PixelBombPng(50_000, 50_000)));
        Assert.Equal(new SKSizeI(50_000, 50_000), codec.Info.Size);
    }
}
