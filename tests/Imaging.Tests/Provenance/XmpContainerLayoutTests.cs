using System.Buffers.Binary;
using System.Text;
using ProductDescriber.Imaging.Provenance;
using ProductDescriber.TestSupport.Images;

namespace ProductDescriber.Imaging.Tests.Provenance;

/// <summary>Where the packet goes in each container, and what each container's rules make of it.</summary>
public sealed class XmpContainerLayoutTests
{
    [Fact]
    public void Png_packet_is_an_uncompressed_itxt_chunk_just_before_the_first_idat()
    {
        XmpProvenance.TryEmbed(TestImages.Png(48, 27), XmpSamples.Provenance(), out var png);

        var chunks = PngChunks(png);
        var itxt = chunks.FindIndex(c => c.Type == "iTXt");
        Assert.Equal("IDAT", chunks[itxt + 1].Type);
        Assert.DoesNotContain("IDAT", chunks.Take(itxt).Select(c => c.Type));
        Assert.StartsWith("XML:com.adobe.xmp\0\0\0\0\0<?xpacket", Encoding.Latin1.GetString(chunks[itxt].Data));
    }

    [Fact]
    public void Jpeg_packet_follows_soi_and_jfif()
    {
        XmpProvenance.TryEmbed(TestImages.Jpeg(48, 27), XmpSamples.Provenance(), out var jpeg);

        var segments = XmpSamples.JpegSegments(jpeg);
        Assert.Equal((0xE0, "JFIF"), segments[0]);
        Assert.Equal((0xE1, "http"), segments[1]);
        var xmpSegment = XmpSegmentStart(jpeg);
        Assert.Equal("http://ns.adobe.com/xap/1.0/\0<?xpacket", Encoding.ASCII.GetString(jpeg, xmpSegment + 4, 38));
    }

    [Fact]
    public void Jpeg_without_jfif_gets_the_packet_right_after_soi()
    {
        XmpProvenance.TryEmbed(XmpSamples.Image("JpegWithoutJfif"), XmpSamples.Provenance(), out var jpeg);

        Assert.Equal((0xE1, "http"), XmpSamples.JpegSegments(jpeg)[0]);
    }

    [Fact]
    public void Jpeg_exif_keeps_its_place_and_its_orientation()
    {
        var rotated = TestImages.JpegWithOrientation(48, 27, exifOrientation: 6);

        XmpProvenance.TryEmbed(rotated, XmpSamples.Provenance(), out var jpeg);

        Assert.Equal([(0xE1, "Exif"), (0xE0, "JFIF"), (0xE1, "http")], XmpSamples.JpegSegments(jpeg).Take(3));
        using var image = EncodedImage.Open(new MemoryStream(jpeg))!;
        Assert.Equal((27, 48), (image.Width, image.Height)); // still turned by EXIF
    }

    [Fact]
    public void Jpeg_packet_must_fit_one_app1_segment()
    {
        var jpeg = TestImages.Jpeg(48, 27);
        var sample = XmpSamples.Provenance();
        int PacketBytes(string[] ids) =>
            Encoding.UTF8.GetByteCount(XmpProvenance.ReadPacket(Embed(jpeg, sample with { ReferenceImageIds = ids }))!);
        var oneId = PacketBytes(["x"]);
        var perId = PacketBytes(["x", "x"]) - oneId;
        // As many one-letter ids as fit, the last one lengthened to fill the packet to the limit exactly.
        var ids = Enumerable.Repeat("x", 1 + ((JpegXmp.MaxPacketLength - oneId) / perId)).ToArray();
        ids[^1] += new string('y', (JpegXmp.MaxPacketLength - oneId) % perId);
        var atLimit = sample with { ReferenceImageIds = ids };
        var overLimit = sample with { ReferenceImageIds = [.. ids[..^1], ids[^1] + "y"] };

        Assert.True(XmpProvenance.TryEmbed(jpeg, atLimit, out var largest));
        Assert.Equal(JpegXmp.MaxPacketLength, Encoding.UTF8.GetByteCount(XmpProvenance.ReadPacket(largest)!));
        Assert.Equal(0xFFFF, BinaryPrimitives.ReadUInt16BigEndian(largest.AsSpan(XmpSegmentStart(largest) + 2)));
        Assert.False(XmpProvenance.TryEmbed(jpeg, overLimit, out var unchanged));
        Assert.Equal(jpeg, unchanged);
        // PNG and WebP chunks have no such limit.
        Assert.True(XmpProvenance.TryEmbed(TestImages.Png(8, 8), overLimit, out _));
        Assert.True(XmpProvenance.TryEmbed(TestImages.WebP(8, 8), overLimit, out _));
    }

    [Theory]
    [InlineData("LossyWebP", "VP8 ", 0x04)]
    [InlineData("LosslessWebP", "VP8L", 0x04)]
    [InlineData("LosslessWebPWithAlpha", "VP8L", 0x14)] // the VP8L header's alpha hint becomes the VP8X alpha flag
    public void Simple_webp_becomes_extended_with_its_canvas_size(string kind, string bitstream, byte flags)
    {
        var simple = XmpSamples.Image(kind);
        Assert.Equal([bitstream], XmpSamples.WebPChunks(simple));

        XmpProvenance.TryEmbed(simple, XmpSamples.Provenance(), out var webp);

        Assert.Equal(["VP8X", bitstream, "XMP "], XmpSamples.WebPChunks(webp));
        Assert.Equal((uint)(webp.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(4)));
        Assert.Equal(10u, BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(16)));
        Assert.Equal(flags, webp[20]);
        Assert.Equal((47, 26), (UInt24(webp, 24), UInt24(webp, 27))); // canvas width and height minus one
    }

    [Fact]
    public void Extended_webp_keeps_its_flags_and_chunks()
    {
        var extended = TestImages.WebPWithAlpha(48, 27);
        Assert.Equal(["VP8X", "ALPH", "VP8 "], XmpSamples.WebPChunks(extended));
        Assert.Equal(0x10, extended[20]);

        XmpProvenance.TryEmbed(extended, XmpSamples.Provenance(), out var webp);

        Assert.Equal(["VP8X", "ALPH", "VP8 ", "XMP "], XmpSamples.WebPChunks(webp));
        Assert.Equal(0x14, webp[20]);
        Assert.Equal(extended.AsSpan(21, 9), webp.AsSpan(21, 9)); // reserved bits and canvas as they were
        Assert.Equal((uint)(webp.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(4)));
    }

    [Fact]
    public void Webp_packet_goes_before_unknown_chunks_and_an_old_one_is_dropped()
    {
        XmpProvenance.TryEmbed(TestImages.WebPWithAlpha(48, 27), XmpSamples.Provenance("old"), out var webp);
        byte[] unknown = [.. "ZZZZ"u8, 3, 0, 0, 0, 1, 2, 3, 0]; // odd size: padded
        byte[] withUnknown = [.. webp, .. unknown];
        BinaryPrimitives.WriteUInt32LittleEndian(withUnknown.AsSpan(4), (uint)(withUnknown.Length - 8));

        Assert.True(XmpProvenance.TryEmbed(withUnknown, XmpSamples.Provenance("new"), out var rewritten));

        Assert.Equal(["VP8X", "ALPH", "VP8 ", "XMP ", "ZZZZ"], XmpSamples.WebPChunks(rewritten));
        Assert.Equal("new", XmpProvenance.Read(rewritten)!.RequestId);
        Assert.True(rewritten.AsSpan()[^unknown.Length..].SequenceEqual(unknown));
    }

    [Fact]
    public void Gif_and_other_files_are_not_supported()
    {
        foreach (var file in new[] { TestImages.Gif(8, 8), TestImages.TextFile(), [], TestImages.Zip("a.txt", "a") })
        {
            Assert.False(XmpProvenance.TryEmbed(file, XmpSamples.Provenance(), out var unchanged));
            Assert.Equal(file, unchanged);
            Assert.Null(XmpProvenance.ReadPacket(file));
            Assert.Null(XmpProvenance.Read(file));
        }
    }

    private static byte[] Embed(byte[] image, ImageProvenance provenance)
    {
        Assert.True(XmpProvenance.TryEmbed(image, provenance, out var withXmp));
        return withXmp;
    }

    /// <summary>Where the APP1 after SOI and the JFIF APP0 starts.</summary>
    private static int XmpSegmentStart(byte[] jpeg) => 4 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4));

    private static int UInt24(byte[] bytes, int offset) => bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16);

    private static List<(string Type, byte[] Data)> PngChunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        for (var offset = 8; offset + 12 <= png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            chunks.Add((Encoding.ASCII.GetString(png, offset + 4, 4), png[(offset + 8)..(offset + 8 + length)]));
            offset += 12 + length;
        }

        return chunks;
    }
}
