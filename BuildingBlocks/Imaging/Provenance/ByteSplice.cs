namespace ProductDescriber.Imaging.Provenance;

/// <summary>A rewritten file as a list of pieces (ranges of the original and new bytes), joined into one array of
/// the exact size: the image is copied once, whatever its size.</summary>
internal sealed class ByteSplice
{
    private readonly List<(Range Original, byte[]? Added)> pieces = [];

    public int Length { get; private set; }

    public void Keep(int start, int end)
    {
        if (end > start)
        {
            pieces.Add((start..end, null));
            Length += end - start;
        }
    }

    public void Add(byte[] bytes)
    {
        pieces.Add((default, bytes));
        Length += bytes.Length;
    }

    public byte[] Join(ReadOnlySpan<byte> original)
    {
        var result = new byte[Length];
        var position = 0;
        foreach (var (range, added) in pieces)
        {
            ReadOnlySpan<byte> piece = added is null ? original[range] : added;
            piece.CopyTo(result.AsSpan(position));
            position += piece.Length;
        }

        return result;
    }
}
