using SkiaSharp;

namespace ProductDescriber.Providers.ContractKit;

/// <summary>Real encoded pictures for requests, and decoding of what providers return.</summary>
public static class ContractImages
{
    /// <summary>A small "product photo": a coloured box on a light background, as PNG.</summary>
    public static byte[] ProductPhoto(SKColor product, int width = 320, int height = 240)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0xF4, 0xF4, 0xF2));
            using var paint = new SKPaint { Color = product, IsAntialias = true };
            canvas.DrawRoundRect(new SKRect(width * 0.3f, height * 0.2f, width * 0.7f, height * 0.85f), 12, 12, paint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Decodes every pixel (not just the header) and returns the size and the format the bytes really are.</summary>
    public static (int Width, int Height, string MediaType) Decode(ReadOnlyMemory<byte> bytes)
    {
        using var data = SKData.CreateCopy(bytes.Span);
        using var codec = SKCodec.Create(data) ?? throw new Xunit.Sdk.XunitException("The image bytes are not a picture SkiaSharp can read.");
        using var bitmap = new SKBitmap(codec.Info.Width, codec.Info.Height);
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        Assert.True(result == SKCodecResult.Success, $"The image does not decode completely: {result}.");
        var mediaType = codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Png => "image/png",
            SKEncodedImageFormat.Jpeg => "image/jpeg",
            SKEncodedImageFormat.Webp => "image/webp",
            var other => other.ToString(),
        };
        return (codec.Info.Width, codec.Info.Height, mediaType);
    }
}
