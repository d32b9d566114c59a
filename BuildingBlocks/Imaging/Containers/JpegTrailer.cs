namespace ProductDescriber.Imaging.Containers;

/// <summary>What may follow a JPEG's EOI: phones store further JPEG images there (MPF: depth maps, previews,
/// gain maps) and some writers pad with zeros. Anything else is appended data.</summary>
internal static class JpegTrailer
{
    public static bool IsAllowed(ByteReader reader, long end)
    {
        Span<byte> start = stackalloc byte[3];
        while (end < reader.Length)
        {
            reader.Seek(end);
            if (!reader.TryRead(start) || !start.SequenceEqual((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            {
                reader.Seek(end);
                return reader.RestIsZero();
            }

            reader.Seek(end);
            var next = JpegWalker.FindEnd(reader);
            if (next is null)
            {
                return false;
            }

            end = next.Value;
        }

        return true;
    }
}
