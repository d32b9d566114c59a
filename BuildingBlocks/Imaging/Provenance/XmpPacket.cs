using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace ProductDescriber.Imaging.Provenance;

/// <summary>Writes and reads the XMP packet (XMP Part 1: <c>x:xmpmeta</c> / <c>rdf:RDF</c> in an
/// <c>xpacket</c> wrapper, UTF-8) that carries an <see cref="ImageProvenance"/>. Values go through
/// System.Xml, never string concatenation, so escaping is the XML library's job.</summary>
internal static class XmpPacket
{
    public static readonly XNamespace Meta = "adobe:ns:meta/";
    public static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public static readonly XNamespace Xmp = "http://ns.adobe.com/xap/1.0/";
    public static readonly XNamespace Iptc = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
    public static readonly XNamespace Pd = "https://productdescriber.dev/ns/provenance/1.0/";

    // The wrapper's fixed id from XMP Part 1; begin holds U+FEFF so a scanner can tell the encoding.
    private const string PacketHeader = "begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"";

    // A packet from a file is at most what its container holds; this keeps a hostile one from costing more.
    private const int MaxPacketChars = 1 << 20;

    public static byte[] Write(ImageProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        ArgumentNullException.ThrowIfNull(provenance.ReferenceImageIds);

        using var output = new MemoryStream();
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            OmitXmlDeclaration = true, // XMP Part 1: a packet has no XML declaration
            Indent = true,
            IndentChars = " ",
        };
        using (var xml = XmlWriter.Create(output, settings))
        {
            xml.WriteProcessingInstruction("xpacket", PacketHeader);
            xml.WriteStartElement("x", "xmpmeta", Meta.NamespaceName);
            xml.WriteStartElement("rdf", "RDF", Rdf.NamespaceName);
            xml.WriteStartElement("rdf", "Description", Rdf.NamespaceName);
            xml.WriteAttributeString("rdf", "about", Rdf.NamespaceName, string.Empty);
            xml.WriteAttributeString("xmlns", "xmp", null, Xmp.NamespaceName);
            xml.WriteAttributeString("xmlns", "Iptc4xmpExt", null, Iptc.NamespaceName);
            xml.WriteAttributeString("xmlns", "pd", null, Pd.NamespaceName);

            Property(xml, "Iptc4xmpExt", Iptc, "DigitalSourceType", Required(provenance.DigitalSourceType));
            Property(xml, "xmp", Xmp, "CreatorTool", Required(provenance.Software));
            Property(xml, "xmp", Xmp, "CreateDate", provenance.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            Property(xml, "pd", Pd, "SpecificationId", provenance.SpecificationId);
            Property(xml, "pd", Pd, "SpecificationVersion", provenance.SpecificationVersion?.ToString(CultureInfo.InvariantCulture));
            xml.WriteStartElement("pd", "ReferenceImageIds", Pd.NamespaceName);
            xml.WriteStartElement("rdf", "Seq", Rdf.NamespaceName);
            foreach (var id in provenance.ReferenceImageIds)
            {
                xml.WriteElementString("rdf", "li", Rdf.NamespaceName, Clean(id));
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
            Property(xml, "pd", Pd, "Provider", Required(provenance.Provider));
            Property(xml, "pd", Pd, "Model", provenance.Model);
            Property(xml, "pd", Pd, "Resolution", Required(provenance.Resolution));
            Property(xml, "pd", Pd, "AspectRatio", Required(provenance.AspectRatio));
            Property(xml, "pd", Pd, "Seed", provenance.Seed);
            Property(xml, "pd", Pd, "PromptSha256", Required(provenance.PromptSha256));
            Property(xml, "pd", Pd, "RequestId", Required(provenance.RequestId));
            Property(xml, "pd", Pd, "Index", provenance.Index.ToString(CultureInfo.InvariantCulture));

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
            // "w": the packet may be rewritten in place (it carries no padding, so only by the same size or less).
            xml.WriteProcessingInstruction("xpacket", "end=\"w\"");
        }

        return output.ToArray();
    }

    /// <summary>The provenance in <paramref name="packet"/>; null when it is not well-formed XML, has a DTD, or
    /// lacks one of the fields we always write (someone else's XMP).</summary>
    public static ImageProvenance? Parse(string packet)
    {
        var description = Load(packet);
        if (description is null)
        {
            return null;
        }

        string? Value(XNamespace ns, string name) => Find(description, ns + name);

        var requestId = Value(Pd, "RequestId");
        var sourceType = Value(Iptc, "DigitalSourceType");
        var software = Value(Xmp, "CreatorTool");
        var provider = Value(Pd, "Provider");
        var resolution = Value(Pd, "Resolution");
        var aspectRatio = Value(Pd, "AspectRatio");
        var promptHash = Value(Pd, "PromptSha256");
        if (requestId is null || sourceType is null || software is null || provider is null || resolution is null
            || aspectRatio is null || promptHash is null
            || !int.TryParse(Value(Pd, "Index"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)
            || !DateTimeOffset.TryParse(Value(Xmp, "CreateDate"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var createdAt))
        {
            return null;
        }

        int? version = null;
        if (Value(Pd, "SpecificationVersion") is { } versionText)
        {
            if (!int.TryParse(versionText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                return null;
            }

            version = parsed;
        }

        var referenceIds = description
            .SelectMany(d => d.Elements(Pd + "ReferenceImageIds"))
            .SelectMany(e => e.Elements(Rdf + "Seq"))
            .SelectMany(seq => seq.Elements(Rdf + "li"))
            .Select(li => li.Value)
            .ToArray();

        return new ImageProvenance(sourceType, Value(Pd, "SpecificationId"), version, referenceIds, provider,
            Value(Pd, "Model"), resolution, aspectRatio, Value(Pd, "Seed"), promptHash, requestId, index, createdAt, software);
    }

    /// <summary>Every <c>rdf:Description</c> of the packet (XMP allows several); null when it does not parse.</summary>
    private static List<XElement>? Load(string packet)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, // no entity expansion, no external fetches
            XmlResolver = null,
            MaxCharactersInDocument = MaxPacketChars,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(packet), settings);
            var document = XDocument.Load(reader);
            return [.. document.Descendants(Rdf + "Description")];
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>A simple property, written either as an element or (as other tools do) as an attribute.</summary>
    private static string? Find(List<XElement> descriptions, XName name)
    {
        foreach (var description in descriptions)
        {
            if (description.Attribute(name) is { } attribute)
            {
                return attribute.Value;
            }

            if (description.Element(name) is { HasElements: false } element)
            {
                return element.Value;
            }
        }

        return null;
    }

    private static string Required(string? value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string name = "") =>
        value ?? throw new ArgumentException($"{name} is required in an image's provenance.", nameof(value));

    private static void Property(XmlWriter xml, string prefix, XNamespace ns, string name, string? value)
    {
        if (value is not null) // an absent optional value is an absent property, not an empty one
        {
            xml.WriteElementString(prefix, name, ns.NamespaceName, Clean(value));
        }
    }

    /// <summary>XML 1.0 cannot carry control characters or lone surrogates, even escaped: they become U+FFFD so a
    /// stray byte in a seed or model name never fails an image's provenance.</summary>
    private static string Clean(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var clean = new StringBuilder(value.Length);
        var replaced = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                clean.Append(c).Append(value[++i]);
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                clean.Append(c);
            }
            else
            {
                clean.Append('\uFFFD');
                replaced = true;
            }
        }

        return replaced ? clean.ToString() : value;
    }
}
