using System.Text;
using System.Xml.Linq;
using ProductDescriber.Imaging.Provenance;
using ProductDescriber.TestSupport.Images;

namespace ProductDescriber.Imaging.Tests.Provenance;

/// <summary>What the packet says, in words other XMP readers understand.</summary>
public sealed class XmpPacketTests
{
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace Xmp = "http://ns.adobe.com/xap/1.0/";
    private static readonly XNamespace Iptc = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
    private static readonly XNamespace Pd = "https://productdescriber.dev/ns/provenance/1.0/";

    [Fact]
    public void The_packet_is_wrapped_xmpmeta_with_iptc_xmp_and_our_namespace()
    {
        var packet = PacketOf(XmpSamples.Provenance());

        Assert.StartsWith("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>", packet);
        Assert.EndsWith("<?xpacket end=\"w\"?>", packet);
        var document = XDocument.Parse(packet);
        Assert.Equal(XName.Get("xmpmeta", "adobe:ns:meta/"), document.Root!.Name);
        var description = document.Root.Element(Rdf + "RDF")!.Element(Rdf + "Description")!;
        Assert.Equal(string.Empty, description.Attribute(Rdf + "about")!.Value);
        Assert.Equal(DigitalSourceTypes.TrainedAlgorithmicMedia, description.Element(Iptc + "DigitalSourceType")!.Value);
        Assert.Equal("Product Describer", description.Element(Xmp + "CreatorTool")!.Value);
        Assert.Equal("2026-03-14T15:09:26.5358979+01:00", description.Element(Xmp + "CreateDate")!.Value);
        Assert.Equal(["ref_front", "ref_back", "ref_side"],
            description.Element(Pd + "ReferenceImageIds")!.Element(Rdf + "Seq")!.Elements(Rdf + "li").Select(li => li.Value));
        Assert.Equal("4", description.Element(Pd + "SpecificationVersion")!.Value);
    }

    [Fact]
    public void Absent_values_are_absent_properties_and_read_back_as_null()
    {
        var bare = XmpSamples.Provenance() with
        {
            DigitalSourceType = DigitalSourceTypes.CompositeWithTrainedAlgorithmicMedia,
            SpecificationId = null,
            SpecificationVersion = null,
            Model = null,
            Seed = null,
            ReferenceImageIds = [],
        };

        XmpProvenance.TryEmbed(TestImages.Png(8, 8), bare, out var png);

        var description = XDocument.Parse(XmpProvenance.ReadPacket(png)!).Descendants(Rdf + "Description").Single();
        Assert.Null(description.Element(Pd + "Seed"));
        Assert.Null(description.Element(Pd + "SpecificationId"));
        XmpSamples.AssertSame(bare, XmpProvenance.Read(png));
    }

    [Fact]
    public void Markup_quotes_and_non_ascii_round_trip_escaped()
    {
        var awkward = XmpSamples.Provenance() with
        {
            Model = "<script>alert(\"x\")</script> & 'co' ]]> --> <!-- ",
            Seed = "Grüße, 日本語, emoji 🧪, RTL عربى",
            ReferenceImageIds = ["a&b", "<c>", "\"d\"", "é"],
            Provider = "&lt;already-escaped&gt;",
        };

        foreach (var image in new[] { TestImages.Png(8, 8), TestImages.Jpeg(8, 8), TestImages.WebP(8, 8) })
        {
            Assert.True(XmpProvenance.TryEmbed(image, awkward, out var withXmp));

            XmpSamples.AssertSame(awkward, XmpProvenance.Read(withXmp));
            var packet = XmpProvenance.ReadPacket(withXmp)!;
            Assert.DoesNotContain("<script>", packet);
            Assert.Contains("&lt;script&gt;", packet);
            Assert.Contains("&amp;lt;already-escaped&amp;gt;", packet);
        }
    }

    [Fact]
    public void Characters_xml_cannot_carry_become_replacement_characters()
    {
        var broken = XmpSamples.Provenance() with { Seed = "a\u0001b\uD800c\0", Model = "ok 🧪" };

        Assert.True(XmpProvenance.TryEmbed(TestImages.Png(8, 8), broken, out var png));

        var read = XmpProvenance.Read(png)!;
        Assert.Equal("a\uFFFDb\uFFFDc\uFFFD", read.Seed);
        Assert.Equal("ok 🧪", read.Model); // a proper surrogate pair is kept
    }

    [Fact]
    public void Someone_elses_xmp_is_read_as_a_packet_but_not_as_provenance()
    {
        const string foreign = """
            <?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" dc:format="image/png"/>
            </rdf:RDF></x:xmpmeta><?xpacket end="r"?>
            """;
        Assert.True(PngXmp.TryEmbed(TestImages.Png(8, 8), Encoding.UTF8.GetBytes(foreign), out var png));

        Assert.Equal(foreign, XmpProvenance.ReadPacket(png));
        Assert.Null(XmpProvenance.Read(png));
        // And ours replaces it.
        Assert.True(XmpProvenance.TryEmbed(png, XmpSamples.Provenance(), out var ours));
        Assert.Equal(1, XmpSamples.Count(ours, "<?xpacket begin"));
        XmpSamples.AssertSame(XmpSamples.Provenance(), XmpProvenance.Read(ours));
    }

    [Fact]
    public void Simple_properties_written_as_attributes_are_read_too()
    {
        // Other XMP writers may use the attribute form of simple properties and split descriptions.
        var packet = $"""
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{Rdf}">
            <rdf:Description rdf:about="" xmlns:xmp="{Xmp}" xmp:CreatorTool="Tool" xmp:CreateDate="2026-01-02T03:04:05Z"/>
            <rdf:Description rdf:about="" xmlns:Iptc4xmpExt="{Iptc}" xmlns:pd="{Pd}"
              Iptc4xmpExt:DigitalSourceType="{DigitalSourceTypes.TrainedAlgorithmicMedia}" pd:Provider="openai"
              pd:Resolution="1K" pd:AspectRatio="1:1" pd:PromptSha256="ab" pd:RequestId="r" pd:Index="0"/>
            </rdf:RDF></x:xmpmeta>
            """;
        Assert.True(PngXmp.TryEmbed(TestImages.Png(8, 8), Encoding.UTF8.GetBytes(packet), out var png));

        var read = XmpProvenance.Read(png)!;

        Assert.Equal(("openai", "Tool", 0, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            (read.Provider, read.Software, read.Index, read.CreatedAt));
        Assert.Empty(read.ReferenceImageIds);
    }

    [Fact]
    public void A_packet_with_a_dtd_is_refused_without_expanding_it()
    {
        var entities = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY e{i} \"&e{i - 1};&e{i - 1};&e{i - 1};&e{i - 1};\">"));
        var bomb = $"""
            <!DOCTYPE x:xmpmeta [<!ENTITY e0 "lol">{entities}]>
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{Rdf}"><rdf:Description xmlns:pd="{Pd}" pd:RequestId="&e9;"/></rdf:RDF></x:xmpmeta>
            """;
        Assert.True(PngXmp.TryEmbed(TestImages.Png(8, 8), Encoding.UTF8.GetBytes(bomb), out var png));

        Assert.Null(XmpProvenance.Read(png));
    }

    [Fact]
    public void Required_values_must_be_given()
    {
        var missing = XmpSamples.Provenance() with { RequestId = null! };

        Assert.Throws<ArgumentException>(() => XmpProvenance.TryEmbed(TestImages.Png(8, 8), missing, out _));
    }

    private static string PacketOf(ImageProvenance provenance)
    {
        Assert.True(XmpProvenance.TryEmbed(TestImages.Png(8, 8), provenance, out var png));
        return XmpProvenance.ReadPacket(png)!;
    }
}
