namespace ProductDescriber.Imaging.Containers;

/// <summary>Follows GIF blocks (colour tables, images, extensions and their sub-blocks) to the trailer byte.</summary>
internal static class GifWalker
{
    public static long? FindEnd(ByteReader reader)
    {
        Span<byte> screen = stackalloc byte[13];
        if (!reader.TryRead(screen) || !SkipColorTable(reader, screen[10]))
        {
            return null;
        }

        Span<byte> descriptor = stackalloc byte[9];
        while (reader.TryReadByte(out var introducer))
        {
            switch (introducer)
            {
                case 0x3B:
                    return reader.Position;
                case 0x2C:
                    if (!reader.TryRead(descriptor) || !SkipColorTable(reader, descriptor[8])
                        || !reader.TrySkip(1) || !SkipSubBlocks(reader))
                    {
                        return null;
                    }

                    break;
                case 0x21:
                    if (!reader.TrySkip(1) || !SkipSubBlocks(reader))
                    {
                        return null;
                    }

                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    private static bool SkipColorTable(ByteReader reader, byte flags) =>
        (flags & 0x80) == 0 || reader.TrySkip(3 * (2 << (flags & 0x07)));

    private static bool SkipSubBlocks(ByteReader reader)
    {
        while (reader.TryReadByte(out var size))
        {
            if (size == 0)
            {
                return true;
            }

            if (!reader.TrySkip(size))
            {
                return false;
            }
        }

        return false;
    }
}
