using System.Buffers.Binary;
using System.IO.Hashing;

namespace ProductDescriber.Imaging.Provenance;

/// <summary>XMP in PNG (XMP Part 3): one uncompressed iTXt chunk with the keyword <c>XML:com.adobe.xmp</c>, empty
/// language tag and translated keyword, then the UTF-8 packet. Ours goes just before the first IDAT.</summary>
internal static class PngXmp
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // Keyword, its null separator, compression flag 0 and method 0: the start every XMP iTXt chunk has.
    private static ReadOnlySpan<byte> XmpTextHeader => "XML:com.adobe.xmp\0\0\0"u8;

    public static bool IsPng(ReadOnlySpan<byte> file) => file.StartsWith(Signature);

    /// <summary>Checks the whole chunk structure (lengths, CRCs, IHDR first, an IDAT, IEND last and nothing after it)
    /// before writing: a file this refuses is one a decoder would refuse too.</summary>
    public static bool TryEmbed(ReadOnlySpan<byte> png, ReadOnlySpan<byte> packet, out byte[] result)
    {
        result = [];
        var chunks = new List<Chunk>();
        var offset = Signature.Length;
        while (offset < png.Length)
        {
            if (!Chunk.TryRead(png, offset, out var chunk) || !chunk.CrcMatches(png)
                || (chunks.Count == 0 && (chunk.Type != ChunkType.Ihdr || chunk.DataLength != 13)))
            {
                return false;
            }

            chunks.Add(chunk);
            offset = chunk.End;
            if (chunk.Type == ChunkType.Iend)
            {
                break;
            }
        }

        var firstIdat = chunks.FindIndex(c => c.Type == ChunkType.Idat);
        if (offset != png.Length || chunks.Count == 0 || chunks[^1].Type != ChunkType.Iend || firstIdat < 0)
        {
            return false;
        }

        var splice = new ByteSplice();
        splice.Keep(0, Signature.Length);
        for (var i = 0; i < chunks.Count; i++)
        {
            if (i == firstIdat)
            {
                splice.Add(XmpChunk(packet));
            }

            if (!IsXmp(png, chunks[i])) // an earlier packet is replaced, wherever it was
            {
                splice.Keep(chunks[i].Start, chunks[i].End);
            }
        }

        result = splice.Join(png);
        return true;
    }

    /// <summary>The packet's bytes in the first XMP iTXt chunk whose CRC matches; a compressed one is not read
    /// (XMP Part 3 forbids it, and inflating a stranger's data is a bomb waiting).</summary>
    public static Range? FindPacket(ReadOnlySpan<byte> png)
    {
        var offset = Signature.Length;
        while (Chunk.TryRead(png, offset, out var chunk))
        {
            if (IsXmp(png, chunk) && chunk.CrcMatches(png))
            {
                var data = chunk.Data(png);
                var language = data[XmpTextHeader.Length..].IndexOf((byte)0);
                var translated = language < 0 ? -1 : data[(XmpTextHeader.Length + language + 1)..].IndexOf((byte)0);
                if (translated >= 0)
                {
                    var textStart = chunk.Start + 8 + XmpTextHeader.Length + language + 1 + translated + 1;
                    return textStart..(chunk.Start + 8 + chunk.DataLength);
                }
            }

            if (chunk.Type == ChunkType.Iend)
            {
                break;
            }

            offset = chunk.End;
        }

        return null;
    }

    private static bool IsXmp(ReadOnlySpan<byte> png, Chunk chunk) =>
        chunk.Type == ChunkType.Itxt && chunk.Data(png).StartsWith(XmpTextHeader);

    private static byte[] XmpChunk(ReadOnlySpan<byte> packet)
    {
        var dataLength = XmpTextHeader.Length + 2 + packet.Length; // + empty language tag and translated keyword, each null-ended
        var chunk = new byte[12 + dataLength];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)dataLength);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(4), ChunkType.Itxt);
        XmpTextHeader.CopyTo(chunk.AsSpan(8));
        packet.CopyTo(chunk.AsSpan(8 + XmpTextHeader.Length + 2));
        // The CRC covers type and data, not the length (PNG 5.3); System.IO.Hashing's Crc32 is PNG's ISO 3309 CRC.
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + dataLength), Crc32.HashToUInt32(chunk.AsSpan(4, 4 + dataLength)));
        return chunk;
    }

    private static class ChunkType
    {
        public const uint Ihdr = 0x49484452;
        public const uint Idat = 0x49444154;
        public const uint Iend = 0x49454E44;
        public const uint Itxt = 0x69545874;
    }

    /// <summary>A chunk's place in the file: length (4), type (4), data, CRC (4).</summary>
    private readonly record struct Chunk(int Start, int DataLength, uint Type)
    {
        public int End => Start + 12 + DataLength;

        /// <summary>False when fewer than the declared bytes follow: a lying length is caught here, before any
        /// allocation or CRC pass over it.</summary>
        public static bool TryRead(ReadOnlySpan<byte> png, int offset, out Chunk chunk)
        {
            chunk = default;
            if (png.Length - offset < 12)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(png[offset..]);
            if (length > (uint)(png.Length - offset - 12))
            {
                return false;
            }

            chunk = new Chunk(offset, (int)length, BinaryPrimitives.ReadUInt32BigEndian(png[(offset + 4)..]));
            return true;
        }

        public ReadOnlySpan<byte> Data(ReadOnlySpan<byte> png) => png.Slice(Start + 8, DataLength);

        public bool CrcMatches(ReadOnlySpan<byte> png) =>
            Crc32.HashToUInt32(png.Slice(Start + 4, 4 + DataLength)) == BinaryPrimitives.ReadUInt32BigEndian(png[(End - 4)..]);
    }
}
