using System.Buffers.Binary;

namespace ProductDescriber.Imaging.Provenance;

/// <summary>XMP in JPEG (XMP Part 3): an APP1 segment whose payload is the namespace
/// <c>http://ns.adobe.com/xap/1.0/</c>, a null byte and the packet. Ours goes after SOI and the leading APP0
/// (JFIF, JFXX) and Exif APP1 segments, which their own standards want right after SOI, and before any SOF.</summary>
internal static class JpegXmp
{
    private const byte App0 = 0xE0;
    private const byte App1 = 0xE1;
    private const byte StartOfScan = 0xDA;

    /// <summary>A segment's length field counts itself, so its payload is at most 65,535 - 2 bytes.</summary>
    public const int MaxSegmentPayload = 65_533;

    private static ReadOnlySpan<byte> XmpNamespace => "http://ns.adobe.com/xap/1.0/\0"u8;

    // Extended XMP (XMP Part 3, 1.1.3.1) continues a packet too large for one segment; a stale one would be
    // attached to our packet by readers that follow xmpNote:HasExtendedXMP, so it goes with the old packet.
    private static ReadOnlySpan<byte> ExtendedXmpNamespace => "http://ns.adobe.com/xmp/extension/\0"u8;

    private static ReadOnlySpan<byte> ExifHeader => "Exif\0\0"u8;

    /// <summary>The largest packet one APP1 segment holds; this library writes no Extended XMP.</summary>
    public static int MaxPacketLength => MaxSegmentPayload - XmpNamespace.Length;

    public static bool IsJpeg(ReadOnlySpan<byte> file) => file.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);

    /// <summary>Checks the marker segments from SOI to SOS and that the file ends with EOI (trailing zero padding
    /// allowed); the entropy-coded data between is left to the decoder.</summary>
    public static bool TryEmbed(ReadOnlySpan<byte> jpeg, ReadOnlySpan<byte> packet, out byte[] result)
    {
        result = [];
        if (packet.Length > MaxPacketLength || !TryReadHeaderSegments(jpeg, out var segments))
        {
            return false;
        }

        var scanStart = segments[^1].Start;
        var end = jpeg.TrimEnd((byte)0).Length;
        if (end - 2 < segments[^1].End || jpeg[end - 2] != 0xFF || jpeg[end - 1] != 0xD9)
        {
            return false;
        }

        // Where ours goes: past the run of APP0 and Exif segments (and old XMP, which is dropped anyway).
        var insertAt = 0;
        while (segments[insertAt].Marker == App0 || IsApp1With(jpeg, segments[insertAt], ExifHeader) || IsAnyXmp(jpeg, segments[insertAt]))
        {
            insertAt++; // stops at SOS at the latest
        }

        var splice = new ByteSplice();
        splice.Keep(0, 2);
        for (var i = 0; i < segments.Count; i++)
        {
            if (i == insertAt)
            {
                splice.Add(XmpSegment(packet));
            }

            if (i == segments.Count - 1)
            {
                break; // SOS: the scan and everything after it are kept whole below
            }

            if (!IsAnyXmp(jpeg, segments[i]))
            {
                splice.Keep(segments[i].Start, segments[i].End);
            }
        }

        splice.Keep(scanStart, jpeg.Length);
        result = splice.Join(jpeg);
        return true;
    }

    /// <summary>The packet's bytes in the first XMP APP1 segment before the first scan.</summary>
    public static Range? FindPacket(ReadOnlySpan<byte> jpeg)
    {
        if (!TryReadHeaderSegments(jpeg, out var segments))
        {
            return null;
        }

        foreach (var segment in segments)
        {
            if (IsApp1With(jpeg, segment, XmpNamespace))
            {
                return (segment.PayloadStart + XmpNamespace.Length)..segment.End;
            }
        }

        return null;
    }

    /// <summary>The segments from after SOI up to and including SOS (the last in the list); false when a marker or
    /// a length is wrong, the file ends first, or EOI comes before any scan.</summary>
    private static bool TryReadHeaderSegments(ReadOnlySpan<byte> jpeg, out List<Segment> segments)
    {
        segments = [];
        if (!IsJpeg(jpeg))
        {
            return false;
        }

        var offset = 2;
        while (true)
        {
            var start = offset;
            if (offset >= jpeg.Length || jpeg[offset] != 0xFF)
            {
                return false;
            }

            while (offset < jpeg.Length && jpeg[offset] == 0xFF)
            {
                offset++; // fill bytes before a marker are allowed (T.81 B.1.1.2)
            }

            if (offset >= jpeg.Length)
            {
                return false;
            }

            var marker = jpeg[offset++];
            if (marker == 0x01)
            {
                continue; // TEM has no length
            }

            // Stuffed zero, SOI, EOI or a restart marker before the first scan: not a JPEG we understand.
            if (marker is 0x00 or 0xD8 or 0xD9 or (>= 0xD0 and <= 0xD7) || jpeg.Length - offset < 2)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[offset..]);
            if (length < 2 || length > jpeg.Length - offset)
            {
                return false;
            }

            offset += length;
            segments.Add(new Segment(start, marker, offset - length + 2, offset));
            if (marker == StartOfScan)
            {
                return true;
            }
        }
    }

    private static bool IsAnyXmp(ReadOnlySpan<byte> jpeg, Segment segment) =>
        IsApp1With(jpeg, segment, XmpNamespace) || IsApp1With(jpeg, segment, ExtendedXmpNamespace);

    private static bool IsApp1With(ReadOnlySpan<byte> jpeg, Segment segment, ReadOnlySpan<byte> header) =>
        segment.Marker == App1 && jpeg[segment.PayloadStart..segment.End].StartsWith(header);

    private static byte[] XmpSegment(ReadOnlySpan<byte> packet)
    {
        var payload = XmpNamespace.Length + packet.Length;
        var segment = new byte[4 + payload];
        segment[0] = 0xFF;
        segment[1] = App1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload + 2));
        XmpNamespace.CopyTo(segment.AsSpan(4));
        packet.CopyTo(segment.AsSpan(4 + XmpNamespace.Length));
        return segment;
    }

    /// <param name="Start">Where the marker's first 0xFF is.</param>
    /// <param name="PayloadStart">Just after the two length bytes.</param>
    /// <param name="End">Just after the segment.</param>
    private readonly record struct Segment(int Start, byte Marker, int PayloadStart, int End);
}
