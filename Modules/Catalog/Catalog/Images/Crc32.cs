namespace ProductDescriber.Catalog.Images;

/// <summary>CRC-32 (ISO 3309, the one PNG chunks carry), computed incrementally (a class, so a method-group delegate updates this instance).</summary>
internal sealed class Crc32
{
    private static readonly uint[] Table = BuildTable();
    private uint state = 0xFFFFFFFFu;

    public uint Value => ~state;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = state;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        state = crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
