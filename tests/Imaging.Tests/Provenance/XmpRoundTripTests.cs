using ProductDescriber.Imaging.Provenance;
using SkiaSharp;

namespace ProductDescriber.Imaging.Tests.Provenance;

public sealed class XmpRoundTripTests
{
    [Theory]
    [MemberData(nameof(XmpSamples.Kinds), MemberType = typeof(XmpSamples))]
    public void The_provenance_written_is_the_provenance_read(string kind)
    {
        var image = XmpSamples.Image(kind);
        Assert.Null(XmpProvenance.ReadPacket(image));

        Assert.True(XmpProvenance.TryEmbed(image, XmpSamples.Provenance(), out var withXmp));

        XmpSamples.AssertSame(XmpSamples.Provenance(), XmpProvenance.Read(withXmp));
    }

    [Theory]
    [MemberData(nameof(XmpSamples.Kinds), MemberType = typeof(XmpSamples))]
    public void The_file_stays_a_valid_image_of_the_same_size(string kind)
    {
        var image = XmpSamples.Image(kind);
        XmpProvenance.TryEmbed(image, XmpSamples.Provenance(), out var withXmp);

        // The inspector walks the whole container (PNG CRCs, RIFF sizes, JPEG markers to EOI) and decodes every pixel.
        var inspected = ImageInspector.Inspect(new MemoryStream(withXmp), maxPixels: 1_000_000);
        Assert.Null(inspected.Rejection);
        Assert.Equal((48, 27), (inspected.Facts!.Width, inspected.Facts.Height));
        using var before = SKBitmap.Decode(image);
        using var after = SKBitmap.Decode(withXmp);
        Assert.Equal((before.Width, before.Height, before.AlphaType), (after.Width, after.Height, after.AlphaType));
    }

    [Theory]
    [MemberData(nameof(XmpSamples.Kinds), MemberType = typeof(XmpSamples))]
    public void The_pixels_are_untouched(string kind)
    {
        var image = XmpSamples.Image(kind);
        XmpProvenance.TryEmbed(image, XmpSamples.Provenance(), out var withXmp);

        // Nothing is re-encoded: even the lossy formats decode to the very same pixels.
        using var before = SKBitmap.Decode(image);
        using var after = SKBitmap.Decode(withXmp);
        Assert.True(before.GetPixelSpan().SequenceEqual(after.GetPixelSpan()));
    }

    [Theory]
    [MemberData(nameof(XmpSamples.Kinds), MemberType = typeof(XmpSamples))]
    public void Embedding_again_replaces_the_packet(string kind)
    {
        XmpProvenance.TryEmbed(XmpSamples.Image(kind), XmpSamples.Provenance("first"), out var once);

        Assert.True(XmpProvenance.TryEmbed(once, XmpSamples.Provenance("second", index: 7), out var twice));

        Assert.Equal(1, XmpSamples.Count(twice, "<?xpacket begin"));
        XmpSamples.AssertSame(XmpSamples.Provenance("second", index: 7), XmpProvenance.Read(twice));
    }

    [Theory]
    [MemberData(nameof(XmpSamples.Kinds), MemberType = typeof(XmpSamples))]
    public void Embedding_the_same_provenance_again_changes_no_byte(string kind)
    {
        XmpProvenance.TryEmbed(XmpSamples.Image(kind), XmpSamples.Provenance(), out var once);

        XmpProvenance.TryEmbed(once, XmpSamples.Provenance(), out var twice);

        Assert.Equal(once, twice); // the old packet leaves no trace, and the new one takes its place
    }
}
