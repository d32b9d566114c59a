using System.Buffers.Binary;
using System.IO.Hashing;

namespace ProductDescriber.Imaging.Containers;

/// <summary>Follows PNG chunks from the signature to IEND, checking each chunk's CRC (System.IO.Hashing's Crc32 is
/// the ISO 3309 / zlib CRC-32 that PNG uses).</summary>
internal static class PngWalker
{
    /// <summary>The offset just after IEND's CRC, or null when the chunk structure is broken or cut short.</summary>
    public static long? FindEnd(ByteReader reader)
    {
        if (!reader.TrySkip(8))
        {
            return null;
        }

        Span<byte> header = stackalloc byte[8];
        Span<byte> stored = stackalloc byte[4];
        var first = true;
        while (reader.TryRead(header))
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = header[4..];
            if (length > int.MaxValue || !IsChunkType(type) || (first && (!type.SequenceEqual("IHDR"u8) || length != 13)))
            {
                return null;
            }

            first = false;
            var crc = new Crc32();
            crc.Append(type);
            if (!reader.TryConsume(length, crc.Append) || !reader.TryRead(stored)
                || BinaryPrimitives.ReadUInt32BigEndian(stored) != crc.GetCurrentHashAsUInt32())
            {
                return null;
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return reader.Position;
            }
        }

        return null;
    }

    private static bool IsChunkType(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                return false;
            }
        }

        return true;
    }
}
