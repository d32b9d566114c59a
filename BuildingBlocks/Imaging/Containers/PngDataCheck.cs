using System.Buffers.Binary;
using System.IO.Compression;

namespace ProductDescriber.Imaging.Containers;

/// <summary>Checks an interlaced PNG's image data without holding its pixels: Skia decodes interlaced PNGs only
/// into a full-size buffer, so instead the IDAT stream is inflated row by row, each row's filter type checked and
/// the row count matched against the header. Assumes the chunk structure and CRCs were already walked.</summary>
internal static class PngDataCheck
{
    private static readonly (int X, int Y, int StepX, int StepY)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public static bool IsComplete(Stream content)
    {
        var reader = new ByteReader(content, start: 8);
        Span<byte> header = stackalloc byte[8 + 13];
        if (!reader.TryRead(header))
        {
            return false;
        }

        var width = (long)BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
        var height = (long)BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
        var bitsPerPixel = header[16] * (header[17] switch { 0 or 3 => 1, 2 => 3, 4 => 2, 6 => 4, _ => 0 });
        if (width == 0 || height == 0 || bitsPerPixel == 0)
        {
            return false;
        }

        IEnumerable<(int X, int Y, int StepX, int StepY)> passes = header[20] == 1 ? Adam7 : [(0, 0, 1, 1)];
        try
        {
            using var zlib = new ZLibStream(new IdatStream(content), CompressionMode.Decompress);
            foreach (var (x, y, stepX, stepY) in passes)
            {
                var columns = (width - x + stepX - 1) / stepX;
                var rows = (height - y + stepY - 1) / stepY;
                if (columns <= 0 || rows <= 0)
                {
                    continue;
                }

                var row = new byte[1 + (((columns * bitsPerPixel) + 7) / 8)];
                for (var r = 0; r < rows; r++)
                {
                    if (zlib.ReadAtLeast(row, row.Length, throwOnEndOfStream: false) < row.Length || row[0] > 4)
                    {
                        return false;
                    }
                }
            }

            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>The concatenated payloads of the IDAT chunks, read lazily from the content stream.</summary>
    private sealed class IdatStream(Stream content) : Stream
    {
        private readonly ByteReader reader = new(content, start: 8);
        private long remainingInChunk;
        private bool afterChunk;
        private bool finished;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (!NextData())
            {
                return 0;
            }

            var piece = buffer.AsSpan(offset, (int)Math.Min(count, remainingInChunk));
            if (!reader.TryRead(piece))
            {
                return 0;
            }

            remainingInChunk -= piece.Length;
            return piece.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private bool NextData()
        {
            Span<byte> chunk = stackalloc byte[8];
            while (remainingInChunk == 0 && !finished)
            {
                // Every chunk but the first is preceded by the previous one's CRC (already checked by the walk).
                if ((afterChunk && !reader.TrySkip(4)) || !reader.TryRead(chunk))
                {
                    finished = true;
                    break;
                }

                afterChunk = true;
                var length = BinaryPrimitives.ReadUInt32BigEndian(chunk);
                if (chunk[4..].SequenceEqual("IDAT"u8))
                {
                    remainingInChunk = length;
                }
                else if (chunk[4..].SequenceEqual("IEND"u8) || !reader.TrySkip(length))
                {
                    finished = true;
                }
            }

            return remainingInChunk > 0;
        }
    }
}
