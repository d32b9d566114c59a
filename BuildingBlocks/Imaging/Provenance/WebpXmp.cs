using System.Buffers.Binary;

namespace ProductDescriber.Imaging.Provenance;

/// <summary>XMP in WebP (WebP container specification): an <c>XMP </c> chunk, which only the extended format
/// (a leading VP8X chunk with the XMP flag set) may carry. A simple lossy (VP8) or lossless (VP8L) file is turned
/// into an extended one, with the canvas size read from its bitstream header; an extended file keeps its flags and
/// chunks in their order.</summary>
internal static class WebpXmp
{
    private const uint Vp8x = 0x56503858; // FourCCs as big-endian numbers of their four ASCII bytes
    private const uint Vp8 = 0x56503820;
    private const uint Vp8l = 0x5650384C;
    private const uint Xmp = 0x584D5020;
    private const uint Exif = 0x45584946;
    private const int Vp8xPayload = 10;

    private const byte XmpFlag = 0x04;
    private const byte ExifFlag = 0x08;
    private const byte AlphaFlag = 0x10;

    // Chunks the specification places before the metadata; ours follows the last of them (and EXIF), so any
    // unknown chunks a writer appended stay after it, in their order.
    private static readonly uint[] BeforeXmp = [Vp8x, 0x49434350 /* ICCP */, 0x414E494D /* ANIM */, 0x414E4D46 /* ANMF */,
        0x414C5048 /* ALPH */, Vp8, Vp8l, Exif];

    public static bool IsWebP(ReadOnlySpan<byte> file) =>
        file.Length >= 12 && file.StartsWith("RIFF"u8) && file[8..12].SequenceEqual("WEBP"u8);

    /// <summary>Checks that the RIFF size is the file's size and the chunks fill it exactly, that the first chunk is
    /// VP8X (of its fixed size), VP8 (a key frame) or VP8L (signature and version right).</summary>
    public static bool TryEmbed(ReadOnlySpan<byte> webp, ReadOnlySpan<byte> packet, out byte[] result)
    {
        result = [];
        if (!TryReadChunks(webp, out var chunks) || 8L + BinaryPrimitives.ReadUInt32LittleEndian(webp[4..]) != webp.Length
            || chunks[^1].End != webp.Length)
        {
            return false;
        }

        var first = chunks[0];
        var vp8x = new byte[8 + Vp8xPayload];
        BinaryPrimitives.WriteUInt32BigEndian(vp8x, Vp8x);
        BinaryPrimitives.WriteUInt32LittleEndian(vp8x.AsSpan(4), Vp8xPayload);
        if (first.FourCc == Vp8x)
        {
            if (first.Size != Vp8xPayload)
            {
                return false;
            }

            first.Payload(webp).CopyTo(vp8x.AsSpan(8));
        }
        else if (!TryDescribeSimple(first, webp, vp8x.AsSpan(8), chunks.Exists(c => c.FourCc == Exif)))
        {
            return false;
        }

        vp8x[8] |= XmpFlag;

        var xmp = XmpChunk(packet);
        var insertAfter = chunks.FindLastIndex(c => Array.IndexOf(BeforeXmp, c.FourCc) >= 0);
        var splice = new ByteSplice();
        splice.Add(new byte[12]); // RIFF header, written once the size is known
        splice.Add(vp8x);
        for (var i = 0; i < chunks.Count; i++)
        {
            // An old VP8X is replaced by the one above (a simple file's first chunk is its bitstream, kept);
            // an old packet is dropped.
            if (chunks[i].FourCc is not (Vp8x or Xmp))
            {
                splice.Keep(chunks[i].Start, chunks[i].End);
            }

            if (i == insertAfter)
            {
                splice.Add(xmp);
            }
        }

        result = splice.Join(webp);
        "RIFF"u8.CopyTo(result);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)(result.Length - 8));
        "WEBP"u8.CopyTo(result.AsSpan(8));
        return true;
    }

    /// <summary>The payload of the first <c>XMP </c> chunk, whether or not the VP8X flag announces it.</summary>
    public static Range? FindPacket(ReadOnlySpan<byte> webp)
    {
        if (!TryReadChunks(webp, out var chunks))
        {
            return null;
        }

        var xmp = chunks.Find(c => c.FourCc == Xmp);
        return xmp.FourCc == Xmp ? (xmp.Start + 8)..(xmp.Start + 8 + (int)xmp.Size) : null;
    }

    /// <summary>The chunks inside the RIFF size (or the file, if it is shorter: reading is lenient about a cut
    /// tail, writing is not); false when a chunk's declared size runs past either.</summary>
    private static bool TryReadChunks(ReadOnlySpan<byte> webp, out List<Chunk> chunks)
    {
        chunks = [];
        if (!IsWebP(webp))
        {
            return false;
        }

        var end = (int)Math.Min(webp.Length, 8L + BinaryPrimitives.ReadUInt32LittleEndian(webp[4..]));
        var offset = 12;
        while (offset < end)
        {
            if (end - offset < 8)
            {
                return false;
            }

            var size = BinaryPrimitives.ReadUInt32LittleEndian(webp[(offset + 4)..]);
            var padded = (long)size + (size & 1); // chunks are padded to an even size; the pad is not counted
            if (padded > end - offset - 8)
            {
                return false;
            }

            chunks.Add(new Chunk(offset, BinaryPrimitives.ReadUInt32BigEndian(webp[offset..]), size));
            offset += 8 + (int)padded;
        }

        return chunks.Count > 0;
    }

    /// <summary>Fills a VP8X payload for a simple file from its bitstream header: canvas size, and the alpha flag
    /// when a lossless image says it uses alpha (a simple lossy file has none).</summary>
    private static bool TryDescribeSimple(Chunk bitstream, ReadOnlySpan<byte> webp, Span<byte> vp8x, bool hasExif)
    {
        var data = bitstream.Payload(webp);
        int width, height;
        var flags = hasExif ? ExifFlag : (byte)0;
        if (bitstream.FourCc == Vp8)
        {
            // RFC 6386 9.1: a 3-byte frame tag (bit 0 clear on a key frame), the start code 9D 01 2A, then
            // 14-bit width and height, each with 2 bits of scaling above.
            if (data.Length < 10 || (data[0] & 1) != 0 || !data[3..6].SequenceEqual((ReadOnlySpan<byte>)[0x9D, 0x01, 0x2A]))
            {
                return false;
            }

            width = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF;
            height = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF;
        }
        else if (bitstream.FourCc == Vp8l)
        {
            // WebP lossless 3.1: signature 0x2F, then 14 bits width - 1, 14 bits height - 1, alpha hint, 3-bit version 0.
            if (data.Length < 5 || data[0] != 0x2F)
            {
                return false;
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
            if (bits >> 29 != 0)
            {
                return false;
            }

            width = (int)(bits & 0x3FFF) + 1;
            height = (int)((bits >> 14) & 0x3FFF) + 1;
            flags |= ((bits >> 28) & 1) != 0 ? AlphaFlag : (byte)0;
        }
        else
        {
            return false;
        }

        if (width == 0 || height == 0)
        {
            return false;
        }

        vp8x.Clear();
        vp8x[0] = flags;
        WriteUInt24(vp8x[4..], width - 1);
        WriteUInt24(vp8x[7..], height - 1);
        return true;
    }

    private static void WriteUInt24(Span<byte> destination, int value)
    {
        destination[0] = (byte)value;
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)(value >> 16);
    }

    private static byte[] XmpChunk(ReadOnlySpan<byte> packet)
    {
        var chunk = new byte[8 + packet.Length + (packet.Length & 1)];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, Xmp);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)packet.Length);
        packet.CopyTo(chunk.AsSpan(8));
        return chunk;
    }

    /// <param name="FourCc">The chunk's four ASCII bytes read big-endian, so it compares with the constants above.</param>
    /// <param name="Size">The payload size, without the pad byte.</param>
    private readonly record struct Chunk(int Start, uint FourCc, uint Size)
    {
        public int End => Start + 8 + (int)(Size + (Size & 1));

        public ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> webp) => webp.Slice(Start + 8, (int)Size);
    }
}
