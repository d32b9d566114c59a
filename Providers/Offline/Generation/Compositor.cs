using System.Globalization;
using SkiaSharp;

namespace ProductDescriber.Providers.Offline.Generation;

/// <summary>One picture: backdrop, soft shadow, product; placement, scale and tint vary with the seed.</summary>
internal static class Compositor
{
    /// <summary>Backdrops are smooth: drawn at most 1024 pixels wide and scaled up, so the noise shaders of marble
    /// and wood cost the same at 4K as at 1K.</summary>
    private const int BackdropEdge = 1024;

    public static (byte[] Png, string Text) Render(ProductCutout product, Backdrop backdrop, int width, int height, int seed)
    {
        var random = new Random(seed);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not allocate a {width}x{height} canvas.");
        var canvas = surface.Canvas;
        using (var backdropImage = RenderBackdrop(backdrop, width, height, random))
        {
            canvas.DrawImage(backdropImage, SKRect.Create(width, height), new SKSamplingOptions(SKFilterMode.Linear));
        }

        var share = 0.60 + (random.NextDouble() * 0.15);
        var image = product.Image;
        var scale = share * Math.Min(width, height) / Math.Max(image.Width, image.Height);
        var (w, h) = ((float)(image.Width * scale), (float)(image.Height * scale));
        var (dx, dy) = ((float)((random.NextDouble() - 0.5) * 0.08 * width), (float)((random.NextDouble() - 0.5) * 0.08 * height));
        var target = SKRect.Create(((width - w) / 2) + dx, ((height - h) / 2) + dy, w, h);

        var unit = Math.Min(width, height) / 100f;
        var angle = (random.NextDouble() - 0.5) * Math.PI / 2;
        var (shadowX, shadowY) = ((float)(Math.Sin(angle) * 1.2 * unit), (float)(Math.Cos(angle) * 1.6 * unit));
        using (var paint = new SKPaint
        {
            IsAntialias = true,
            ImageFilter = SKImageFilter.CreateDropShadow(shadowX, shadowY, 1.8f * unit, 1.8f * unit, new SKColor(0, 0, 0, 80)),
        })
        {
            canvas.DrawImage(image, target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), paint);
        }

        using var snapshot = surface.Snapshot();
        // zlib level 4: about twice as fast as the default for a few percent more bytes.
        using var pixmap = snapshot.PeekPixels();
        using var png = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 4))
            ?? throw new InvalidOperationException("SkiaSharp could not encode the PNG.");
        var how = product.IsCutOut
            ? string.Create(CultureInfo.InvariantCulture, $"the product cut out of the primary photo (mask confidence {product.Analysis.Measurement.MaskConfidence:0.00})")
            : "the whole primary photo (the product could not be separated with confidence)";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Offline composite, no model: {how} on a backdrop of {backdrop.Description}{(backdrop.Texture == BackdropTexture.Plain ? string.Empty : $" ({backdrop.Texture.ToString().ToLowerInvariant()} texture)")}, scaled to {share * 100:0}% of the short side, offset ({dx:0}, {dy:0}) px, soft shadow; {width}x{height} PNG, seed {seed}.");
        return (png.ToArray(), text);
    }

    private static SKImage RenderBackdrop(Backdrop backdrop, int width, int height, Random random)
    {
        var scale = Math.Min(1.0, (double)BackdropEdge / Math.Max(width, height));
        var (w, h) = (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
        using var surface = SKSurface.Create(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not allocate a {w}x{h} canvas.");
        using (var shader = Backdrops.Shader(backdrop, w, h, random))
        using (var paint = new SKPaint { Shader = shader })
        {
            surface.Canvas.DrawRect(0, 0, w, h, paint);
        }

        return surface.Snapshot();
    }
}
