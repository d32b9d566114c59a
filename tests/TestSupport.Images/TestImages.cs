using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace ProductDescriber.TestSupport.Images;

/// <summary>Image files made in memory for tests: real encodings from SkiaSharp, and hand-built bytes where an
/// encoder cannot produce the case (GIF, pixel bombs, EXIF orientation, polyglots).</summary>
public static class TestImages
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A PNG with a left half red and right half blue (or random opaque pixels with <paramref name="noise"/>).</summary>
    public static byte[] Png(int width, int height, bool noise = false) =>
        Encode(Halves(width, height, noise), SKEncodedImageFormat.Png, 100);

    /// <summary>A JPEG, left half red and right half blue.</summary>
    public static byte[] Jpeg(int width, int height) => Encode(Halves(width, height, false), SKEncodedImageFormat.Jpeg, 90);

    /// <summary>A lossy WebP, left half red and right half blue.</summary>
    public static byte[] WebP(int width, int height) => Encode(Halves(width, height, false), SKEncodedImageFormat.Webp, 80);

    /// <summary>A lossless WebP (a simple file: one VP8L chunk), left half red and right half blue.</summary>
    public static byte[] LosslessWebP(int width, int height)
    {
        using var bitmap = Halves(width, height, false);
        using var data = bitmap.PeekPixels().Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100))
            ?? throw new InvalidOperationException("SkiaSharp could not encode a lossless WebP.");
        return data.ToArray();
    }

    /// <summary>A lossy WebP with transparency, which libwebp writes in the extended format (VP8X, ALPH, VP8):
    /// left half red, right half transparent.</summary>
    public static byte[] WebPWithAlpha(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.Transparent);
        bitmap.Erase(SKColors.Red, new SKRectI(0, 0, width / 2, height));
        return Encode(bitmap, SKEncodedImageFormat.Webp, 80);
    }

    /// <summary>A single-frame GIF89a, left half red and right half blue.</summary>
    public static byte[] Gif(int width, int height) => AnimatedGif(width, height, frames: 1);

    /// <summary>A GIF89a with <paramref name="frames"/> full-size frames (looping), each alternating its colours.</summary>
    public static byte[] AnimatedGif(int width, int height, int frames)
    {
        using var output = new MemoryStream();
        output.Write("GIF89a"u8);
        Span<byte> screen = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(screen, (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(screen[2..], (ushort)height);
        screen[4] = 0b1000_0001; // global colour table of 4 entries
        output.Write(screen);
        output.Write([0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00]); // red, blue, white, black
        if (frames > 1)
        {
            output.Write([0x21, 0xFF, 0x0B]);
            output.Write("NETSCAPE2.0"u8);
            output.Write([0x03, 0x01, 0x00, 0x00, 0x00]);
        }

        Span<byte> descriptor = stackalloc byte[10];
        for (var frame = 0; frame < frames; frame++)
        {
            output.Write([0x21, 0xF9, 0x04, 0x00, 0x0A, 0x00, 0x00, 0x00]); // graphic control: 100 ms
            descriptor.Clear();
            descriptor[0] = 0x2C;
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor[5..], (ushort)width);
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor[7..], (ushort)height);
            output.Write(descriptor);
            var pixels = new byte[width * height];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    pixels[(y * width) + x] = (byte)((x < width / 2 ? 0 : 1) ^ (frame & 1));
                }
            }

            output.WriteByte(2); // LZW minimum code size
            WriteSubBlocks(output, GifLzw(pixels));
        }

        output.WriteByte(0x3B);
        return output.ToArray();
    }

    /// <summary>An Adam7-interlaced RGB PNG (SkiaSharp cannot write one), left half red and right half blue.</summary>
    public static byte[] InterlacedPng(int width, int height)
    {
        (int X, int Y, int StepX, int StepY)[] passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];
        using var raw = new MemoryStream();
        foreach (var pass in passes)
        {
            if (pass.X >= width)
            {
                continue; // a pass without columns has no rows either
            }

            for (var y = pass.Y; y < height; y += pass.StepY)
            {
                raw.WriteByte(0);
                for (var x = pass.X; x < width; x += pass.StepX)
                {
                    raw.Write(x < width / 2 ? [0xFF, 0x00, 0x00] : [0x00, 0x00, 0xFF]);
                }
            }
        }

        var ihdr = Ihdr(width, height, colorType: 2);
        ihdr[12] = 1; // Adam7
        using var output = new MemoryStream();
        output.Write(PngSignature);
        WritePngChunk(output, "IHDR", ihdr);
        WritePngChunk(output, "IDAT", Zlib(raw.ToArray(), CompressionLevel.Optimal));
        WritePngChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>A valid PNG (correct CRCs, IEND) whose header declares a huge size but whose data is a few bytes.</summary>
    public static byte[] PixelBombPng(int declaredWidth, int declaredHeight)
    {
        using var output = new MemoryStream();
        output.Write(PngSignature);
        WritePngChunk(output, "IHDR", Ihdr(declaredWidth, declaredHeight, colorType: 0));
        WritePngChunk(output, "IDAT", Zlib(new byte[64], CompressionLevel.SmallestSize));
        WritePngChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>A real PNG cut in the middle of its image data.</summary>
    public static byte[] TruncatedPng()
    {
        var png = Png(64, 64, noise: true);
        return png[..(png.Length / 2)];
    }

    /// <summary>Plain text (what a renamed .txt or .html looks like).</summary>
    public static byte[] TextFile() => "This is not an image, only text renamed to photo.png.\n"u8.ToArray();

    /// <summary>A valid PNG followed by a valid ZIP archive (a classic polyglot).</summary>
    public static byte[] PolyglotPngZip() => [.. Png(16, 16), .. Zip("payload.txt", "hello from the zip")];

    /// <summary>A JPEG whose stored pixels are <paramref name="width"/> x <paramref name="height"/> (left red, right
    /// blue) with an EXIF APP1 segment declaring <paramref name="exifOrientation"/> (1-8).</summary>
    public static byte[] JpegWithOrientation(int width, int height, int exifOrientation)
    {
        var jpeg = Jpeg(width, height);
        var exif = new byte[36];
        BinaryPrimitives.WriteUInt16BigEndian(exif, 0xFFE1);
        BinaryPrimitives.WriteUInt16BigEndian(exif.AsSpan(2), 34); // length counts itself, not the marker
        "Exif\0\0"u8.CopyTo(exif.AsSpan(4));
        "MM\0\x2A"u8.CopyTo(exif.AsSpan(10));
        BinaryPrimitives.WriteUInt32BigEndian(exif.AsSpan(14), 8); // first IFD right after the TIFF header
        BinaryPrimitives.WriteUInt16BigEndian(exif.AsSpan(18), 1); // one entry
        BinaryPrimitives.WriteUInt16BigEndian(exif.AsSpan(20), 0x0112); // Orientation
        BinaryPrimitives.WriteUInt16BigEndian(exif.AsSpan(22), 3); // SHORT
        BinaryPrimitives.WriteUInt32BigEndian(exif.AsSpan(24), 1);
        BinaryPrimitives.WriteUInt16BigEndian(exif.AsSpan(28), (ushort)exifOrientation);
        // bytes 30..35: value padding and a zero next-IFD offset
        return [.. jpeg[..2], .. exif, .. jpeg[2..]];
    }

    /// <summary>A valid RGB PNG of roughly <paramref name="bytes"/> bytes made of random pixels stored without
    /// compression, so its size is predictable and it cannot be compressed further.</summary>
    public static byte[] NoisyPngOfAbout(long bytes)
    {
        const int width = 1024;
        const int rowBytes = 1 + (width * 3);
        var height = (int)Math.Max(1, bytes / rowBytes);
        var raw = new byte[(long)rowBytes * height];
        new Random(4711).NextBytes(raw);
        for (var row = 0; row < height; row++)
        {
            raw[row * rowBytes] = 0; // filter type None
        }

        using var output = new MemoryStream();
        output.Write(PngSignature);
        WritePngChunk(output, "IHDR", Ihdr(width, height, colorType: 2));
        WritePngChunk(output, "IDAT", Zlib(raw, CompressionLevel.NoCompression));
        WritePngChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>A ZIP archive with one text entry.</summary>
    public static byte[] Zip(string entryName, string text)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(entryName).Open();
            entry.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    /// <summary>CRC-32 as PNG uses it (ISO 3309 / zlib).</summary>
    public static uint Crc32(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);

    private static SKBitmap Halves(int width, int height, bool noise)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (noise)
        {
            var pixels = bitmap.GetPixelSpan();
            new Random(1234).NextBytes(pixels);
            for (var alpha = 3; alpha < pixels.Length; alpha += 4)
            {
                pixels[alpha] = 0xFF;
            }

            return bitmap;
        }

        bitmap.Erase(SKColors.Blue);
        bitmap.Erase(SKColors.Red, new SKRectI(0, 0, width / 2, height));
        return bitmap;
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using (bitmap)
        {
            using var output = new MemoryStream();
            if (!bitmap.Encode(output, format, quality))
            {
                throw new InvalidOperationException($"SkiaSharp could not encode {format}.");
            }

            return output.ToArray();
        }
    }

    private static byte[] Ihdr(int width, int height, byte colorType)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = colorType;
        return ihdr;
    }

    private static void WritePngChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(number, (uint)data.Length);
        output.Write(number);
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData.AsSpan(4));
        output.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        output.Write(number);
    }

    private static byte[] Zlib(byte[] data, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, level, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    // LZW with 3-bit codes only: a clear code before every second pixel keeps the table from growing past 8 codes.
    private static byte[] GifLzw(byte[] pixels)
    {
        const int clear = 4;
        const int end = 5;
        var bits = new List<byte>();
        var accumulator = 0;
        var count = 0;
        void Emit(int code)
        {
            accumulator |= code << count;
            count += 3;
            while (count >= 8)
            {
                bits.Add((byte)accumulator);
                accumulator >>= 8;
                count -= 8;
            }
        }

        for (var i = 0; i < pixels.Length; i++)
        {
            if (i % 2 == 0)
            {
                Emit(clear);
            }

            Emit(pixels[i]);
        }

        Emit(end);
        if (count > 0)
        {
            bits.Add((byte)accumulator);
        }

        return [.. bits];
    }

    private static void WriteSubBlocks(Stream output, byte[] data)
    {
        for (var offset = 0; offset < data.Length; offset += 255)
        {
            var length = Math.Min(255, data.Length - offset);
            output.WriteByte((byte)length);
            output.Write(data, offset, length);
        }

        output.WriteByte(0);
    }
}
