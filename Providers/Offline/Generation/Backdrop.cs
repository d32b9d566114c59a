using System.Text.RegularExpressions;
using ProductDescriber.Imaging.Colour;
using ProductDescriber.Providers.Offline.Analysis;
using SkiaSharp;

namespace ProductDescriber.Providers.Offline.Generation;

internal enum BackdropTexture
{
    Plain,
    Marble,
    Wood,
}

/// <summary>A vertical gradient (lighter at the top, as if lit from above), optionally textured.</summary>
internal sealed record Backdrop(string Description, Lab Top, Lab Bottom, BackdropTexture Texture);

/// <summary>Picks the backdrop from the first colour or surface word in the prompt, else from the product.</summary>
internal static partial class Backdrops
{
    private static readonly Dictionary<string, (string Top, string Bottom, BackdropTexture Texture)> Lexicon = new(StringComparer.OrdinalIgnoreCase)
    {
        ["white"] = ("#F7F7F5", "#E9E9E6", BackdropTexture.Plain),
        ["black"] = ("#1C1C1E", "#0B0B0C", BackdropTexture.Plain),
        ["grey"] = ("#B4B5B8", "#8F9094", BackdropTexture.Plain),
        ["gray"] = ("#B4B5B8", "#8F9094", BackdropTexture.Plain),
        ["red"] = ("#C8453C", "#9C2F28", BackdropTexture.Plain),
        ["blue"] = ("#6F97D0", "#41679F", BackdropTexture.Plain),
        ["green"] = ("#7DB27F", "#4E8352", BackdropTexture.Plain),
        ["yellow"] = ("#F6DC6B", "#E2BE3A", BackdropTexture.Plain),
        ["orange"] = ("#F4A259", "#DA7B2E", BackdropTexture.Plain),
        ["pink"] = ("#F5C6D3", "#E39AB0", BackdropTexture.Plain),
        ["purple"] = ("#A184C9", "#7557A3", BackdropTexture.Plain),
        ["beige"] = ("#EDE3CF", "#D9C9AB", BackdropTexture.Plain),
        ["cream"] = ("#F8F1DE", "#E9DDBF", BackdropTexture.Plain),
        ["brown"] = ("#9A6B4A", "#6E4A30", BackdropTexture.Plain),
        ["marble"] = ("#ECECEC", "#D2D3D5", BackdropTexture.Marble),
        ["concrete"] = ("#BDBDBA", "#9E9E9A", BackdropTexture.Marble),
        ["wood"] = ("#B07D52", "#845632", BackdropTexture.Wood),
        ["wooden"] = ("#B07D52", "#845632", BackdropTexture.Wood),
    };

    public static Backdrop From(string prompt, IReadOnlyList<Palette.Cluster> productColours)
    {
        var word = Words().Matches(prompt).Select(m => m.Value).FirstOrDefault(Lexicon.ContainsKey);
        if (word is not null)
        {
            var (top, bottom, texture) = Lexicon[word];
            return new Backdrop($"\"{word.ToLowerInvariant()}\" from the prompt", Lab.FromHex(top), Lab.FromHex(bottom), texture);
        }

        // A pale tint of the product's main colour: related to the product, light enough for it to stand out.
        var main = productColours.Count > 0 ? productColours[0].Centre : new Lab(90, 0, 0);
        return new Backdrop(
            $"a pale tint of the product's main colour {main.ToHex()}",
            new Lab(95, main.A * 0.12, main.B * 0.12),
            new Lab(87, main.A * 0.15, main.B * 0.15),
            BackdropTexture.Plain);
    }

    public static SKShader Shader(Backdrop backdrop, int width, int height, Random random)
    {
        // A slight, seeded hue shift makes each picture of a series its own.
        var (da, db) = ((random.NextDouble() - 0.5) * 4, (random.NextDouble() - 0.5) * 4);
        var top = PhotoAnalyzer.ToColor(backdrop.Top with { A = backdrop.Top.A + da, B = backdrop.Top.B + db });
        var bottom = PhotoAnalyzer.ToColor(backdrop.Bottom with { A = backdrop.Bottom.A + da, B = backdrop.Bottom.B + db });
        var gradient = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height), [top, bottom], SKShaderTileMode.Clamp);
        if (backdrop.Texture == BackdropTexture.Plain)
        {
            return gradient;
        }

        var seed = random.Next(1, 10_000);
        var scale = 1f / Math.Max(width, height);
        var noise = backdrop.Texture == BackdropTexture.Marble
            ? SKShader.CreatePerlinNoiseTurbulence(6 * scale, 3 * scale, 4, seed)
            : SKShader.CreatePerlinNoiseFractalNoise(0.5f * scale, 40 * scale, 3, seed);

        // Noise as a faint grey veil over the gradient: veins for marble, grain for wood.
        var veil = SKShader.CreateColorFilter(noise, SKColorFilter.CreateColorMatrix(
        [
            0, 0, 0, 0, 0.35f,
            0, 0, 0, 0, 0.35f,
            0, 0, 0, 0, 0.38f,
            0.25f, 0.25f, 0.25f, 0, -0.05f,
        ]));
        return SKShader.CreateCompose(gradient, veil, SKBlendMode.SrcOver);
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();
}
