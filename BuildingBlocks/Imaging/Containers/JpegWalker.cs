using System.Buffers.Binary;

namespace ProductDescriber.Imaging.Containers;

/// <summary>Follows JPEG marker segments and entropy-coded data from SOI to EOI.</summary>
internal static class JpegWalker
{
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;

    public static long? FindEnd(ByteReader reader)
    {
        if (!reader.TryReadByte(out var ff) || ff != 0xFF || !reader.TryReadByte(out var soi) || soi != StartOfImage)
        {
            return null;
        }

        Span<byte> length = stackalloc byte[2];
        byte? pending = null;
        while (true)
        {
            var marker = pending ?? ReadMarker(reader);
            pending = null;
            switch (marker)
            {
                case null or StartOfImage:
                    return null;
                case EndOfImage:
                    return reader.Position;
                case 0x01 or (>= 0xD0 and <= 0xD7):
                    continue; // TEM and restart markers carry no length
            }

            if (!reader.TryRead(length))
            {
                return null;
            }

            var size = BinaryPrimitives.ReadUInt16BigEndian(length);
            if (size < 2 || !reader.TrySkip(size - 2))
            {
                return null;
            }

            if (marker == StartOfScan)
            {
                pending = SkipEntropyCodedData(reader);
            }
        }
    }

    /// <summary>Reads 0xFF (plus any fill 0xFF bytes) and the marker code after it; null when something else is there.</summary>
    private static byte? ReadMarker(ByteReader reader)
    {
        if (!reader.TryReadByte(out var b) || b != 0xFF)
        {
            return null;
        }

        while (reader.TryReadByte(out b))
        {
            if (b != 0xFF)
            {
                return b == 0x00 ? null : b;
            }
        }

        return null;
    }

    /// <summary>Skips scan data (where 0xFF 0x00 is a stuffed byte and RSTn markers are part of the data) and
    /// returns the marker that ends it, or null if the file ends first.</summary>
    private static byte? SkipEntropyCodedData(ByteReader reader)
    {
        while (reader.TryReadByte(out var b))
        {
            if (b != 0xFF)
            {
                continue;
            }

            byte next;
            do
            {
                if (!reader.TryReadByte(out next))
                {
                    return null;
                }
            }
            while (next == 0xFF);

            if (next != 0x00 && next is not (>= 0xD0 and <= 0xD7))
            {
                return next;
            }
        }

        return null;
    }
}
