using ProductDescriber.TestSupport.Images;
using SkiaSharp;

namespace ProductDescriber.Imaging.Tests;

public sealed class EncodedImageTests
{
    [Theory]
    [InlineData("Png")]
    [InlineData("Jpeg")]
    [InlineData("WebP")]
    [InlineData("Gif")]
    public void Header_gives_the_format_and_size_without_decoding(string formatName)
    {
        var format = Enum.Parse<ImageFormat>(formatName);
        var bytes = format switch
        {
            ImageFormat.Png => TestImages.Png(37, 21),
            ImageFormat.Jpeg => TestImages.Jpeg(37, 21),
            ImageFormat.WebP => TestImages.WebP(37, 21),
            _ => TestImages.Gif(37, 21),
        };

        using var image = Open(bytes);

        Assert.Equal((format, 37, 21), (image.Format, image.Width, image.Height));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("bmp")]
    public void Anything_but_jpeg_png_webp_or_gif_is_not_opened(string kind)
    {
        var bytes = kind == "text" ? TestImages.TextFile() : Bmp(8, 4);
        if (kind == "bmp")
        {
            using var codec = SKCodec.Create(new MemoryStream(bytes));
            Assert.Equal(SKEncodedImageFormat.Bmp, codec.EncodedFormat); // SkiaSharp itself would read it
        }

        Assert.Null(EncodedImage.Open(new MemoryStream(bytes)));
    }

    [Fact]
    public void A_pixel_bomb_header_is_read_without_allocating_its_pixels()
    {
        using var image = Open(TestImages.PixelBombPng(50_000, 50_000));

        Assert.Equal((50_000, 50_000), (image.Width, image.Height));
    }

    [Fact]
    public void Alpha_is_reported_from_the_header()
    {
        using var png = Open(TestImages.Png(8, 8));
        using var jpeg = Open(TestImages.Jpeg(8, 8));

        Assert.True(png.HasAlpha);
        Assert.False(jpeg.HasAlpha);
    }

    [Fact]
    public void Real_photo_decodes_upright_to_its_longer_edge()
    {
        using var image = Open(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "stasher_2.png")));

        using var bitmap = image.DecodeUpright(607);

        Assert.Equal((1214, 856), (image.Width, image.Height));
        Assert.Equal((607, 428), (bitmap.Width, bitmap.Height));
    }

    /// <summary>The test image is red on its stored left half and blue on its right half; each EXIF orientation
    /// moves those halves to a known side of the displayed picture.</summary>
    [Theory]
    [InlineData(1, 160, 80, "left", "Red")]
    [InlineData(2, 160, 80, "left", "Blue")] // mirrored left to right
    [InlineData(3, 160, 80, "left", "Blue")] // turned 180 degrees
    [InlineData(4, 160, 80, "left", "Red")] // mirrored top to bottom
    [InlineData(5, 80, 160, "top", "Red")] // mirrored along the main diagonal
    [InlineData(6, 80, 160, "top", "Red")] // turned 90 degrees clockwise
    [InlineData(7, 80, 160, "top", "Blue")] // mirrored along the other diagonal
    [InlineData(8, 80, 160, "top", "Blue")] // turned 90 degrees counter-clockwise
    public void Every_exif_orientation_is_decoded_upright(int orientation, int width, int height, string side, string colour)
    {
        using var image = Open(TestImages.JpegWithOrientation(160, 80, orientation));

        using var bitmap = image.DecodeUpright(160);

        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        var (first, second) = side == "left"
            ? (bitmap.GetPixel(20, height / 2), bitmap.GetPixel(width - 20, height / 2))
            : (bitmap.GetPixel(width / 2, 20), bitmap.GetPixel(width / 2, height - 20));
        var (expected, other) = colour == "Red" ? (SKColors.Red, SKColors.Blue) : (SKColors.Blue, SKColors.Red);
        ImageAsserts.ColorNear(expected, first);
        ImageAsserts.ColorNear(other, second);
    }

    [Theory]
    [InlineData("Png")]
    [InlineData("Jpeg")]
    [InlineData("WebP")]
    public void Large_images_decode_scaled_with_their_colours(string formatName)
    {
        var bytes = Enum.Parse<ImageFormat>(formatName) switch
        {
            ImageFormat.Png => TestImages.Png(2400, 1200),
            ImageFormat.Jpeg => TestImages.Jpeg(2400, 1200),
            _ => TestImages.WebP(2400, 1200),
        };
        using var image = Open(bytes);

        using var bitmap = image.DecodeUpright(200);

        Assert.Equal((200, 100), (bitmap.Width, bitmap.Height));
        ImageAsserts.ColorNear(SKColors.Red, bitmap.GetPixel(20, 50));
        ImageAsserts.ColorNear(SKColors.Blue, bitmap.GetPixel(180, 50));
    }

    [Fact]
    public void Small_images_are_never_scaled_up()
    {
        using var image = Open(TestImages.WebP(30, 20));

        using var bitmap = image.DecodeUpright(400);

        Assert.Equal((30, 20), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void Transparency_is_kept()
    {
        using var source = new SKBitmap(new SKImageInfo(16, 16, SKColorType.Rgba8888, SKAlphaType.Premul));
        source.Erase(SKColors.Transparent);
        using var encoded = source.Encode(SKEncodedImageFormat.Png, 100);
        using var image = Open(encoded.ToArray());

        using var bitmap = image.DecodeUpright(16);

        Assert.Equal(0, bitmap.GetPixel(8, 8).Alpha);
    }

    [Theory]
    [InlineData("Png")]
    [InlineData("Jpeg")]
    public void A_truncated_image_opens_but_does_not_decode(string formatName)
    {
        // Large enough that the cut falls in the pixel data, well after the header.
        var whole = formatName == "Png" ? TestImages.Png(256, 256, noise: true) : TestImages.Jpeg(512, 512);
        using var image = Open(whole[..(whole.Length * 3 / 4)]);

        Assert.Throws<InvalidDataException>(() => image.DecodeUpright(64));
    }

    [Fact]
    public void The_longer_edge_must_be_positive()
    {
        using var image = Open(TestImages.Png(8, 8));

        Assert.Throws<ArgumentOutOfRangeException>(() => image.DecodeUpright(0));
    }

    [Fact]
    public void The_stream_is_left_open_for_its_owner()
    {
        using var stream = new MemoryStream(TestImages.Png(8, 8));
        using (var image = Open(stream))
        {
            using var bitmap = image.DecodeUpright(8);
        }

        Assert.True(stream.CanRead);
    }

    private static EncodedImage Open(byte[] bytes) => Open(new MemoryStream(bytes));

    private static EncodedImage Open(Stream stream)
    {
        var image = EncodedImage.Open(stream);
        Assert.NotNull(image);
        return image;
    }

    /// <summary>A 24-bit BMP: an image SkiaSharp decodes, in a format this library does not take.</summary>
    private static byte[] Bmp(int width, int height)
    {
        var rowBytes = ((width * 3) + 3) & ~3;
        var bytes = new byte[54 + (rowBytes * height)];
        "BM"u8.CopyTo(bytes);
        BitConverter.TryWriteBytes(bytes.AsSpan(2), bytes.Length);
        BitConverter.TryWriteBytes(bytes.AsSpan(10), 54);
        BitConverter.TryWriteBytes(bytes.AsSpan(14), 40);
        BitConverter.TryWriteBytes(bytes.AsSpan(18), width);
        BitConverter.TryWriteBytes(bytes.AsSpan(22), height);
        BitConverter.TryWriteBytes(bytes.AsSpan(26), (short)1);
        BitConverter.TryWriteBytes(bytes.AsSpan(28), (short)24);
        return bytes;
    }
}
