using System.Text;

namespace ProductDescriber.Imaging.Provenance;

/// <summary>
/// Writes an image's provenance into its file as an XMP packet and reads it back, for PNG (iTXt), JPEG (APP1) and
/// WebP (XMP chunk), without decoding or re-encoding a pixel. The format is told from the bytes, not a name. This
/// labels an image; it does not sign it (see docs/adr/0029-provenance-in-xmp.md).
/// </summary>
public static class XmpProvenance
{
    /// <summary>The image with the packet embedded; false (and the input unchanged) when the format is not PNG, JPEG or
    /// WebP or the bytes are not a well-formed file of that format.</summary>
    /// <remarks>An existing XMP packet is replaced, not joined by a second one. False is also the answer for GIF
    /// and for a JPEG whose packet would not fit one APP1 segment (about 64 KB; Extended XMP is not written).
    /// On false, <paramref name="withXmp"/> is a copy of the input, so a caller may store it either way.</remarks>
    public static bool TryEmbed(ReadOnlySpan<byte> image, ImageProvenance provenance, out byte[] withXmp)
    {
        var packet = XmpPacket.Write(provenance);
        var embedded = Container(image) switch
        {
            ImageFormat.Png => PngXmp.TryEmbed(image, packet, out withXmp),
            ImageFormat.Jpeg => JpegXmp.TryEmbed(image, packet, out withXmp),
            ImageFormat.WebP => WebpXmp.TryEmbed(image, packet, out withXmp),
            _ => Unsupported(out withXmp),
        };
        if (!embedded)
        {
            withXmp = image.ToArray();
        }

        return embedded;
    }

    /// <summary>The provenance read from an image's XMP packet; null when there is none or it is not ours.</summary>
    public static ImageProvenance? Read(ReadOnlySpan<byte> image) =>
        ReadPacket(image) is { } packet ? XmpPacket.Parse(packet) : null;

    /// <summary>The raw XMP packet text, for tests and diagnostics; null when the image has none.</summary>
    public static string? ReadPacket(ReadOnlySpan<byte> image)
    {
        var range = Container(image) switch
        {
            ImageFormat.Png => PngXmp.FindPacket(image),
            ImageFormat.Jpeg => JpegXmp.FindPacket(image),
            ImageFormat.WebP => WebpXmp.FindPacket(image),
            _ => null,
        };
        return range is { } packet ? Encoding.UTF8.GetString(image[packet]) : null;
    }

    private static ImageFormat? Container(ReadOnlySpan<byte> image) =>
        PngXmp.IsPng(image) ? ImageFormat.Png
        : JpegXmp.IsJpeg(image) ? ImageFormat.Jpeg
        : WebpXmp.IsWebP(image) ? ImageFormat.WebP
        : null;

    private static bool Unsupported(out byte[] withXmp)
    {
        withXmp = [];
        return false;
    }
}
