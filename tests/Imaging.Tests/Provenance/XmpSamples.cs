using System.Buffers.Binary;
using System.Text;
using ProductDescriber.Imaging.Provenance;
using ProductDescriber.TestSupport.Images;
using SkiaSharp;

namespace ProductDescriber.Imaging.Tests.Provenance;

/// <summary>The provenance and the image files the XMP tests share.</summary>
internal static class XmpSamples
{
    /// <summary>Every kind of input the embedding handles differently, as theory data.</summary>
    public static TheoryData<string> Kinds =>
        ["Png", "JpegWithJfif", "JpegWithoutJfif", "JpegWithExifFirst", "LossyWebP", "LosslessWebP", "LosslessWebPWithAlpha", "WebPWithAlpha"];

    public static ImageProvenance Provenance(string requestId = "gr_01J9Z8", int index = 2) => new(
        DigitalSourceTypes.TrainedAlgorithmicMedia,
        SpecificationId: "spec_7f3a",
        SpecificationVersion: 4,
        ReferenceImageIds: ["ref_front", "ref_back", "ref_side"],
        Provider: "gemini",
        Model: "gemini-2.5-flash-image",
        Resolution: "2K",
        AspectRatio: "16:9",
        Seed: "42",
        PromptSha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        RequestId: requestId,
        Index: index,
        CreatedAt: new DateTimeOffset(2026, 3, 14, 15, 9, 26, 535, TimeSpan.FromHours(1)).AddTicks(8979),
        Software: "Product Describer");

    public static byte[] Image(string kind) => kind switch
    {
        "Png" => TestImages.Png(48, 27),
        "JpegWithJfif" => TestImages.Jpeg(48, 27),
        "JpegWithoutJfif" => WithoutApp0(TestImages.Jpeg(48, 27)),
        "JpegWithExifFirst" => TestImages.JpegWithOrientation(48, 27, 1), // SOI, Exif APP1, JFIF APP0
        "LossyWebP" => TestImages.WebP(48, 27),
        "LosslessWebP" => TestImages.LosslessWebP(48, 27),
        "LosslessWebPWithAlpha" => LosslessWithAlpha(48, 27),
        "WebPWithAlpha" => TestImages.WebPWithAlpha(48, 27),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Field by field: a record compares its list by reference.</summary>
    public static void AssertSame(ImageProvenance expected, ImageProvenance? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.ReferenceImageIds, actual.ReferenceImageIds);
        Assert.Equal(expected with { ReferenceImageIds = [] }, actual with { ReferenceImageIds = [] });
    }

    public static int Count(byte[] haystack, string needle)
    {
        var pattern = Encoding.UTF8.GetBytes(needle);
        var count = 0;
        for (var span = haystack.AsSpan(); span.IndexOf(pattern) is var at and >= 0; span = span[(at + pattern.Length)..])
        {
            count++;
        }

        return count;
    }

    /// <summary>The FourCCs of a WebP file's chunks, in order.</summary>
    public static List<string> WebPChunks(byte[] webp)
    {
        var chunks = new List<string>();
        for (var offset = 12; offset + 8 <= webp.Length;)
        {
            chunks.Add(Encoding.ASCII.GetString(webp, offset, 4));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(offset + 4));
            offset += 8 + (int)(size + (size & 1));
        }

        return chunks;
    }

    /// <summary>The JPEG's marker segments before the first scan, as (marker, first bytes of the payload).</summary>
    public static List<(byte Marker, string Start)> JpegSegments(byte[] jpeg)
    {
        var segments = new List<(byte, string)>();
        for (var offset = 2; offset + 4 <= jpeg.Length;)
        {
            var marker = jpeg[offset + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 2));
            segments.Add((marker, Encoding.ASCII.GetString(jpeg, offset + 4, Math.Min(4, length - 2))));
            if (marker == 0xDA)
            {
                break;
            }

            offset += 2 + length;
        }

        return segments;
    }

    private static byte[] WithoutApp0(byte[] jpeg)
    {
        Assert.Equal(0xE0, jpeg[3]); // SkiaSharp writes JFIF right after SOI
        var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4));
        return [.. jpeg[..2], .. jpeg[(4 + length)..]];
    }

    private static byte[] LosslessWithAlpha(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.Transparent);
        bitmap.Erase(SKColors.Blue, new SKRectI(0, 0, width / 2, height));
        using var data = bitmap.PeekPixels().Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100))
            ?? throw new InvalidOperationException("SkiaSharp could not encode a lossless WebP.");
        return data.ToArray();
    }
}
