using System.Buffers.Binary;
using System.Diagnostics;
using ProductDescriber.Imaging.Provenance;
using ProductDescriber.TestSupport.Images;

namespace ProductDescriber.Imaging.Tests.Provenance;

/// <summary>Broken and lying files: every answer is false or null, at once, without exceptions and without
/// allocating what a declared length asks for.</summary>
public sealed class XmpHostileInputTests
{
    [Theory]
    [MemberData(nameof(XmpSamples.Kinds), MemberType = typeof(XmpSamples))]
    public void Every_truncation_is_refused_and_read_without_exceptions(string kind)
    {
        var image = XmpSamples.Image(kind);
        XmpProvenance.TryEmbed(image, XmpSamples.Provenance(), out var withXmp);

        for (var length = 0; length < image.Length; length++)
        {
            var cut = image[..length];
            Assert.False(XmpProvenance.TryEmbed(cut, XmpSamples.Provenance(), out var unchanged), $"cut at {length}");
            Assert.Equal(cut, unchanged);
        }

        for (var length = 0; length < withXmp.Length; length++)
        {
            // A cut after the packet may still read it; a cut before or inside it must read nothing.
            var read = XmpProvenance.Read(withXmp.AsSpan(0, length));
            if (read is not null)
            {
                XmpSamples.AssertSame(XmpSamples.Provenance(), read);
            }
        }
    }

    public static TheoryData<string, byte[]> LyingFiles()
    {
        var png = TestImages.Png(16, 16);
        var jpeg = TestImages.Jpeg(16, 16);
        var webp = TestImages.WebP(16, 16);
        XmpProvenance.TryEmbed(png, XmpSamples.Provenance(), out var pngWithXmp);
        XmpProvenance.TryEmbed(webp, XmpSamples.Provenance(), out var webpWithXmp);
        var itxt = pngWithXmp.AsSpan().IndexOf("iTXt"u8) - 4;
        return new()
        {
            { "PNG IHDR declares 2 GB", With(png, 8, b => BinaryPrimitives.WriteUInt32BigEndian(b, int.MaxValue)) },
            { "PNG IHDR declares 4 GB", With(png, 8, b => BinaryPrimitives.WriteUInt32BigEndian(b, uint.MaxValue)) },
            { "PNG iTXt declares 2 GB", With(pngWithXmp, itxt, b => BinaryPrimitives.WriteUInt32BigEndian(b, int.MaxValue)) },
            { "PNG iTXt one byte longer", With(pngWithXmp, itxt, b => BinaryPrimitives.WriteUInt32BigEndian(b, BinaryPrimitives.ReadUInt32BigEndian(b) + 1)) },
            { "PNG bad CRC", With(png, 8 + 8 + 13, b => b[0] ^= 0xFF) },
            { "PNG data after IEND", [.. png, 0] },
            { "PNG without IDAT", Without(png, png.AsSpan().IndexOf("IDAT"u8) - 4, png.Length - 12) },
            { "JPEG APP0 declares 64 KB", With(jpeg, 4, b => BinaryPrimitives.WriteUInt16BigEndian(b, ushort.MaxValue)) },
            { "JPEG APP0 declares 1 byte", With(jpeg, 4, b => BinaryPrimitives.WriteUInt16BigEndian(b, 1)) },
            { "JPEG EOI missing", jpeg[..^2] },
            { "JPEG EOI right after SOI", [0xFF, 0xD8, 0xFF, 0xD9] },
            { "JPEG garbage after SOI", [0xFF, 0xD8, 0xFF, 0x00, 0x12, 0x34, 0xFF, 0xD9] },
            { "JPEG fill bytes to the end", [0xFF, 0xD8, .. Enumerable.Repeat((byte)0xFF, 1000)] },
            { "WebP RIFF declares 4 GB", With(webp, 4, b => BinaryPrimitives.WriteUInt32LittleEndian(b, uint.MaxValue)) },
            { "WebP RIFF one byte short", With(webp, 4, b => BinaryPrimitives.WriteUInt32LittleEndian(b, BinaryPrimitives.ReadUInt32LittleEndian(b) - 2)) },
            { "WebP chunk declares 4 GB", With(webp, 16, b => BinaryPrimitives.WriteUInt32LittleEndian(b, uint.MaxValue - 1)) },
            { "WebP XMP chunk declares 4 GB", With(webpWithXmp, webpWithXmp.AsSpan().IndexOf("XMP "u8) + 4, b => BinaryPrimitives.WriteUInt32LittleEndian(b, uint.MaxValue)) },
            { "WebP VP8 not a key frame", With(webp, 20, b => b[0] |= 1) },
            { "WebP VP8 without start code", With(webp, 23, b => b[0] = 0) },
            { "WebP VP8X of the wrong size", With(webpWithXmp, 16, b => BinaryPrimitives.WriteUInt32LittleEndian(b, 8)) },
            { "WebP header only", [.. "RIFF"u8, 4, 0, 0, 0, .. "WEBP"u8] },
            { "WebP unknown first chunk", [.. "RIFF"u8, 12, 0, 0, 0, .. "WEBP"u8, .. "ABCD"u8, 0, 0, 0, 0] },
        };
    }

    [Theory]
    [MemberData(nameof(LyingFiles))]
    public void Lying_lengths_are_refused_quickly_without_large_allocations(string name, byte[] file)
    {
        XmpProvenance.TryEmbed(file, XmpSamples.Provenance(), out _); // warm up: first calls load System.Xml
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var embedded = XmpProvenance.TryEmbed(file, XmpSamples.Provenance(), out var unchanged);
        var read = XmpProvenance.Read(file);

        clock.Stop();
        Assert.False(embedded, name);
        Assert.Equal(file, unchanged);
        if (read is not null)
        {
            // Only damage after the packet may leave it readable, and then it reads as written.
            XmpSamples.AssertSame(XmpSamples.Provenance(), read);
        }

        // The packet written before the container is checked, the copy of the input, and small change.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocated, 0, file.Length + (64 * 1024));
        Assert.InRange(clock.ElapsedMilliseconds, 0, 500);
    }

    [Theory]
    [MemberData(nameof(XmpSamples.Kinds), MemberType = typeof(XmpSamples))]
    public void Random_damage_never_throws(string kind)
    {
        XmpProvenance.TryEmbed(XmpSamples.Image(kind), XmpSamples.Provenance(), out var withXmp);
        var random = new Random(20260314);

        for (var round = 0; round < 500; round++)
        {
            var damaged = (byte[])withXmp.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            XmpProvenance.ReadPacket(damaged);
            XmpProvenance.Read(damaged);
            XmpProvenance.TryEmbed(damaged, XmpSamples.Provenance(), out _);
        }
    }

    private static byte[] With(byte[] file, int offset, Action<Span<byte>> change)
    {
        var copy = (byte[])file.Clone();
        change(copy.AsSpan(offset));
        return copy;
    }

    private static byte[] Without(byte[] file, int start, int end) => [.. file[..start], .. file[end..]];
}
