using SkiaSharp;

namespace ProductDescriber.Imaging;

/// <summary>Shrinks by an integer factor while decoding row by row, averaging each factor x factor block, so a large
/// PNG never exists in memory at full size: only one row and the smaller result do.</summary>
internal static class BoxDownsampler
{
    /// <summary>Null when the codec has no scanline decoding (e.g. interlaced PNG) or the data is incomplete.</summary>
    public static SKBitmap? Decode(SKCodec codec, int factor)
    {
        var width = codec.Info.Width;
        var height = codec.Info.Height;
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var rowInfo = info.WithSize(width, 1);
        if (codec.StartScanlineDecode(info) != SKCodecResult.Success)
        {
            return null;
        }

        var outWidth = (width + factor - 1) / factor;
        var outHeight = (height + factor - 1) / factor;
        var result = new SKBitmap(new SKImageInfo(outWidth, outHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var row = new SKBitmap(rowInfo);
        var sums = new ulong[outWidth * 4];
        var output = result.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            if (codec.GetScanlines(row.GetPixels(), 1, rowInfo.RowBytes) != 1)
            {
                result.Dispose();
                return null;
            }

            var pixels = row.GetPixelSpan();
            for (var x = 0; x < width; x++)
            {
                var sum = (x / factor) * 4;
                for (var channel = 0; channel < 4; channel++)
                {
                    sums[sum + channel] += pixels[(x * 4) + channel];
                }
            }

            if ((y + 1) % factor != 0 && y != height - 1)
            {
                continue;
            }

            var rows = (y % factor) + 1;
            var outRow = output.Slice(y / factor * result.RowBytes, outWidth * 4);
            for (var outX = 0; outX < outWidth; outX++)
            {
                var count = (ulong)(rows * Math.Min(factor, width - (outX * factor)));
                for (var channel = 0; channel < 4; channel++)
                {
                    var i = (outX * 4) + channel;
                    outRow[i] = (byte)((sums[i] + (count / 2)) / count);
                }
            }

            Array.Clear(sums);
        }

        return result;
    }
}
