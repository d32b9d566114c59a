namespace ProductDescriber.Imaging.Containers;

/// <summary>Forward reading over a seekable stream through one small buffer, so container walks stay cheap on
/// large files and never hold more than the buffer. Every read reports whether the bytes were there.</summary>
internal sealed class ByteReader(Stream stream, long start = 0)
{
    private readonly byte[] buffer = new byte[64 * 1024];
    private long bufferStart;
    private int bufferLength;

    public long Length { get; } = stream.Length;

    public long Position { get; private set; } = start;

    public bool TryReadByte(out byte value)
    {
        if (!Fill())
        {
            value = 0;
            return false;
        }

        value = buffer[Position - bufferStart];
        Position++;
        return true;
    }

    public bool TryRead(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (!Fill())
            {
                return false;
            }

            var offset = (int)(Position - bufferStart);
            var count = Math.Min(destination.Length, bufferLength - offset);
            buffer.AsSpan(offset, count).CopyTo(destination);
            destination = destination[count..];
            Position += count;
        }

        return true;
    }

    /// <summary>Hands the next <paramref name="count"/> bytes to <paramref name="consume"/> piece by piece.</summary>
    public bool TryConsume(long count, Action<ReadOnlySpan<byte>> consume)
    {
        while (count > 0)
        {
            if (!Fill())
            {
                return false;
            }

            var offset = (int)(Position - bufferStart);
            var piece = (int)Math.Min(count, bufferLength - offset);
            consume(buffer.AsSpan(offset, piece));
            count -= piece;
            Position += piece;
        }

        return true;
    }

    public bool TrySkip(long count)
    {
        if (count < 0 || count > Length - Position)
        {
            return false;
        }

        Position += count;
        return true;
    }

    public void Seek(long position) => Position = position;

    /// <summary>Whether every byte from the current position to the end is zero (padding).</summary>
    public bool RestIsZero()
    {
        while (Fill())
        {
            var offset = (int)(Position - bufferStart);
            if (buffer.AsSpan(offset, bufferLength - offset).ContainsAnyExcept((byte)0))
            {
                return false;
            }

            Position = bufferStart + bufferLength;
        }

        return true;
    }

    private bool Fill()
    {
        if (Position >= Length)
        {
            return false;
        }

        if (Position >= bufferStart && Position < bufferStart + bufferLength)
        {
            return true;
        }

        stream.Position = Position;
        bufferStart = Position;
        bufferLength = stream.ReadAtLeast(buffer, (int)Math.Min(buffer.Length, Length - Position), throwOnEndOfStream: false);
        return bufferLength > 0;
    }
}
