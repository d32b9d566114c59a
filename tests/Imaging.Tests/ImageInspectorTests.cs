using System.Buffers.Binary;
using System.Text;
using ProductDescriber.TestSupport.Images;

namespace ProductDescriber.Imaging.Tests;

public sealed class ImageInspectorTests
{
    private const long FortyMegapixels = 40_000_000;

    [Theory]
    [InlineData("stasher_1.png", 1192, 1044)]
    [InlineData("stasher_2.png", 1214, 856)]
    public void Real_photos_are_accepted_with_their_size(string fixture, int width, int height)
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture));

        var facts = Accepted(file);

        Assert.Equal(new ImageFacts(ImageFormat.Png, "image/png", ".png", width, height), facts);
    }

    [Theory]
    [InlineData("Png", "image/png", ".png")]
    [InlineData("Jpeg", "image/jpeg", ".jpg")]
    [InlineData("WebP", "image/webp", ".webp")]
    [InlineData("Gif", "image/gif", ".gif")]
    public void Each_supported_format_is_recognised_from_its_bytes(string formatName, string mimeType, string extension)
    {
        var format = Enum.Parse<ImageFormat>(formatName);
        var bytes = format switch
        {
            ImageFormat.Png => TestImages.Png(37, 21),
            ImageFormat.Jpeg => TestImages.Jpeg(37, 21),
            ImageFormat.WebP => TestImages.WebP(37, 21),
            _ => TestImages.Gif(37, 21),
        };

        Assert.Equal(new ImageFacts(format, mimeType, extension, 37, 21), Accepted(bytes));
    }

    [Fact]
    public void Animated_gif_is_accepted_with_its_first_frame_size()
    {
        var facts = Accepted(TestImages.AnimatedGif(30, 12, frames: 4));

        Assert.Equal((ImageFormat.Gif, 30, 12), (facts.Format, facts.Width, facts.Height));
    }

    [Theory]
    [InlineData(1, 40, 20)]
    [InlineData(3, 40, 20)]
    [InlineData(5, 20, 40)]
    [InlineData(6, 20, 40)]
    [InlineData(8, 20, 40)]
    public void Width_and_height_are_reported_after_the_exif_orientation(int orientation, int width, int height)
    {
        var facts = Accepted(TestImages.JpegWithOrientation(40, 20, orientation));

        Assert.Equal((width, height), (facts.Width, facts.Height));
    }

    [Fact]
    public void Empty_file_is_refused_as_empty() =>
        AssertRejected(ImageRejection.Empty, "The file is empty.", []);

    [Fact]
    public void Text_renamed_to_png_is_not_an_image() =>
        AssertRejected(ImageRejection.NotAnImage, "The file is not a JPEG, PNG, WebP or GIF image.", TestImages.TextFile());

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8 })]
    [InlineData(new byte[] { 0x42, 0x4D, 0x3E, 0x00, 0x00, 0x00 })] // a BMP header: a real image, not one we take
    public void Unknown_or_too_short_magic_bytes_are_not_an_image(byte[] bytes) =>
        Assert.Equal(ImageRejection.NotAnImage, Rejected(bytes).Reason);

    [Fact]
    public void Truncated_png_is_corrupt() =>
        AssertRejected(ImageRejection.Corrupt, "The file is truncated or corrupt (PNG).", TestImages.TruncatedPng());

    [Theory]
    [InlineData("Jpeg", "JPEG")]
    [InlineData("WebP", "WebP")]
    [InlineData("Gif", "GIF")]
    public void Truncated_jpeg_webp_and_gif_are_corrupt(string formatName, string name)
    {
        var format = Enum.Parse<ImageFormat>(formatName);
        var whole = format switch
        {
            ImageFormat.Jpeg => TestImages.Jpeg(64, 64),
            ImageFormat.WebP => TestImages.WebP(64, 64),
            _ => TestImages.Gif(64, 64),
        };

        AssertRejected(ImageRejection.Corrupt, $"The file is truncated or corrupt ({name}).", whole[..(whole.Length * 2 / 3)]);
    }

    [Fact]
    public void Jpeg_missing_only_its_end_marker_is_corrupt()
    {
        var jpeg = TestImages.Jpeg(64, 64);

        Assert.Equal(ImageRejection.Corrupt, Rejected(jpeg[..^2]).Reason);
    }

    [Fact]
    public void Png_with_a_damaged_chunk_crc_is_corrupt()
    {
        var png = TestImages.Png(32, 32, noise: true);
        png[IndexOf(png, "IDAT") + 10] ^= 0x55;

        Assert.Equal(ImageRejection.Corrupt, Rejected(png).Reason);
    }

    [Fact]
    public void Png_with_a_damaged_stored_crc_is_corrupt()
    {
        var png = TestImages.Png(32, 32);
        png[^1] ^= 0x01; // the last byte of IEND's CRC: the chunk data (none) is intact, only its checksum is wrong

        AssertRejected(ImageRejection.Corrupt, "The file is truncated or corrupt (PNG).", png);
    }

    [Fact]
    public void Png_whose_pixel_data_does_not_decode_is_corrupt_even_with_valid_crcs()
    {
        var png = TestImages.Png(32, 32, noise: true);
        var idat = IndexOf(png, "IDAT");
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(idat - 4));
        new Random(7).NextBytes(png.AsSpan(idat + 6, length - 6)); // keep the zlib header, scramble the deflate data
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(idat + 4 + length), TestImages.Crc32(png.AsSpan(idat, 4 + length)));

        AssertRejected(ImageRejection.Corrupt, "The file is truncated or corrupt (PNG).", png);
    }

    [Fact]
    public void Interlaced_png_is_accepted()
    {
        var facts = Accepted(TestImages.InterlacedPng(301, 203));

        Assert.Equal((301, 203), (facts.Width, facts.Height));
    }

    [Fact]
    public void Interlaced_png_with_missing_rows_is_corrupt_even_with_valid_crcs()
    {
        var whole = TestImages.InterlacedPng(64, 64);
        var shorter = TestImages.InterlacedPng(64, 40);
        var ihdr = IndexOf(shorter, "IHDR");
        BinaryPrimitives.WriteUInt32BigEndian(shorter.AsSpan(ihdr + 8), 64); // declare 64 rows over 40 rows of data
        BinaryPrimitives.WriteUInt32BigEndian(shorter.AsSpan(ihdr + 17), TestImages.Crc32(shorter.AsSpan(ihdr, 17)));

        Assert.Equal(64, Accepted(whole).Height);
        AssertRejected(ImageRejection.Corrupt, "The file is truncated or corrupt (PNG).", shorter);
    }

    [Fact]
    public void Pixel_bomb_is_refused_by_its_declared_size_before_decoding()
    {
        // The bomb's image data is 64 bytes: had it been decoded first, it would have been refused as corrupt.
        AssertRejected(ImageRejection.TooManyPixels,
            "The image is 50000 x 50000 pixels; at most 40 megapixels are accepted.",
            TestImages.PixelBombPng(50_000, 50_000));
    }

    [Fact]
    public void Pixel_limit_is_inclusive()
    {
        var png = TestImages.Png(100, 50);

        Assert.Equal(100, Accepted(png, maxPixels: 5_000).Width);
        Assert.Equal(ImageRejection.TooManyPixels, Rejected(png, maxPixels: 4_999).Reason);
    }

    [Fact]
    public void Png_with_a_zip_appended_is_refused_as_trailing_data()
    {
        var rejection = Rejected(TestImages.PolyglotPngZip());

        Assert.Equal(ImageRejection.TrailingData, rejection.Reason);
        Assert.StartsWith("The file continues after the end of its PNG image (", rejection.Message);
    }

    [Fact]
    public void A_tiny_gif_declaring_a_20_megapixel_canvas_is_refused_under_the_tighter_gif_limit()
    {
        // Header, 5000 x 4000 screen with a 2-colour table, one 5000 x 4000 frame whose LZW data is just clear + end.
        byte[] gif =
        [
            .. "GIF89a"u8, 0x88, 0x13, 0xA0, 0x0F, 0x80, 0x00, 0x00, 0, 0, 0, 255, 255, 255,
            0x2C, 0, 0, 0, 0, 0x88, 0x13, 0xA0, 0x0F, 0x00, 0x02, 0x01, 0x2C, 0x00, 0x3B,
        ];

        var rejection = Rejected(gif);

        Assert.Equal(ImageRejection.TooManyPixels, rejection.Reason);
        Assert.Contains("5000 x 4000", rejection.Message);
        Assert.Contains("16 megapixels", rejection.Message);
    }

    [Fact]
    public void Gif_with_a_script_appended_is_refused_as_trailing_data() =>
        Assert.Equal(ImageRejection.TrailingData,
            Rejected([.. TestImages.Gif(10, 10), .. "<script>alert(document.cookie)</script>"u8]).Reason);

    [Fact]
    public void Jpeg_with_html_appended_is_refused_as_trailing_data() =>
        Assert.Equal(ImageRejection.TrailingData,
            Rejected([.. TestImages.Jpeg(10, 10), .. "<html><body onload=alert(1)></body></html>"u8]).Reason);

    [Fact]
    public void WebP_with_bytes_after_its_riff_size_is_refused_as_trailing_data() =>
        Assert.Equal(ImageRejection.TrailingData, Rejected([.. TestImages.WebP(10, 10), .. TestImages.Zip("a.txt", "b")]).Reason);

    [Fact]
    public void Png_followed_by_zero_padding_is_refused_as_trailing_data() =>
        Assert.Equal(ImageRejection.TrailingData, Rejected([.. TestImages.Png(10, 10), .. new byte[64]]).Reason);

    [Fact]
    public void Jpeg_followed_by_further_jpeg_images_as_phones_store_them_is_accepted()
    {
        var facts = Accepted([.. TestImages.Jpeg(40, 30), .. TestImages.Jpeg(8, 6), .. TestImages.Jpeg(4, 4)]);

        Assert.Equal((ImageFormat.Jpeg, 40, 30), (facts.Format, facts.Width, facts.Height));
    }

    [Fact]
    public void Jpeg_followed_by_zero_padding_is_accepted() =>
        Assert.Equal(40, Accepted([.. TestImages.Jpeg(40, 30), .. new byte[100]]).Width);

    [Fact]
    public void Jpeg_with_an_embedded_jpeg_and_then_html_is_refused_as_trailing_data() =>
        Assert.Equal(ImageRejection.TrailingData,
            Rejected([.. TestImages.Jpeg(40, 30), .. TestImages.Jpeg(8, 6), .. Encoding.ASCII.GetBytes("<html>")]).Reason);

    [Fact]
    public void Large_uncompressible_png_of_ten_megabytes_is_accepted()
    {
        var png = TestImages.NoisyPngOfAbout(10_000_000);

        var facts = Accepted(png);

        Assert.Equal(1024, facts.Width);
        Assert.InRange(png.Length, 9_900_000, 10_100_000);
    }

    [Fact]
    public void Stream_is_read_from_the_start_wherever_it_is_positioned()
    {
        using var stream = new MemoryStream(TestImages.Png(12, 8));
        stream.Seek(0, SeekOrigin.End);

        Assert.Equal(12, Accepted(stream).Width);
    }

    private static ImageFacts Accepted(byte[] bytes, long maxPixels = FortyMegapixels) =>
        Accepted(new MemoryStream(bytes), maxPixels);

    private static ImageFacts Accepted(Stream stream, long maxPixels = FortyMegapixels)
    {
        var inspection = ImageInspector.Inspect(stream, maxPixels);
        Assert.True(inspection.Rejection is null, $"Refused: {inspection.Rejection}");
        return Assert.IsType<ImageFacts>(inspection.Facts);
    }

    private static ImageRejection Rejected(byte[] bytes, long maxPixels = FortyMegapixels)
    {
        var inspection = ImageInspector.Inspect(new MemoryStream(bytes), maxPixels);
        Assert.Null(inspection.Facts);
        return Assert.IsType<ImageRejection>(inspection.Rejection);
    }

    private static void AssertRejected(string reason, string message, byte[] bytes) =>
        Assert.Equal(new ImageRejection(reason, message), Rejected(bytes));

    private static int IndexOf(byte[] haystack, string ascii) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(ascii));
}
