using System.Buffers.Binary;

namespace ProductDescriber.Imaging.Containers;

/// <summary>Reads the RIFF size and checks that the chunks inside fill it exactly.</summary>
internal static class WebPWalker
{
    public static long? FindEnd(ByteReader reader)
    {
        Span<byte> header = stackalloc byte[12];
        if (!reader.TryRead(header))
        {
            return null;
        }

        var end = 8L + BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (end > reader.Length)
        {
            return null;
        }

        Span<byte> chunk = stackalloc byte[8];
        var chunks = 0;
        while (reader.Position < end)
        {
            if (end - reader.Position < 8 || !reader.TryRead(chunk))
            {
                return null;
            }

            var size = (long)BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            var padded = size + (size & 1);
            if (padded > end - reader.Position || !reader.TrySkip(padded))
            {
                return null;
            }

            chunks++;
        }

        return chunks > 0 ? end : null;
    }
}
