using ProductDescriber.Imaging.Colour;

namespace ProductDescriber.Imaging.Tests.Colour;

/// <summary>sRGB to CIELAB (D65) and back.</summary>
public sealed class LabTests
{
    [Fact]
    public void Every_8_bit_colour_on_a_grid_comes_back_unchanged()
    {
        var changed = new List<string>();
        for (var r = 0; r < 256; r += 15)
        {
            for (var g = 0; g < 256; g += 15)
            {
                for (var b = 0; b < 256; b += 15)
                {
                    var back = Lab.FromRgb((byte)r, (byte)g, (byte)b).ToRgb();
                    if (back != ((byte)r, (byte)g, (byte)b))
                    {
                        changed.Add($"{r},{g},{b} -> {back}");
                    }
                }
            }
        }

        Assert.Empty(changed);
    }

    [Theory]
    [InlineData("#FFFFFF")]
    [InlineData("#000000")]
    [InlineData("#DDDFE5")]
    [InlineData("#CB6F62")]
    [InlineData("#0A7E3C")]
    public void A_hex_colour_comes_back_as_the_same_hex(string hex) => Assert.Equal(hex, Lab.FromHex(hex).ToHex());

    [Theory]
    [InlineData(255, 255, 255, 100.0, 0.0, 0.0)]
    [InlineData(255, 0, 0, 53.24, 80.09, 67.20)]
    [InlineData(0, 0, 255, 32.30, 79.19, -107.86)]
    [InlineData(128, 128, 128, 53.59, 0.0, 0.0)]
    public void Known_colours_have_their_published_lab_values(byte r, byte g, byte b, double l, double a, double bb)
    {
        var lab = Lab.FromRgb(r, g, b);

        Assert.Equal((l, a, bb), (Math.Round(lab.L, 2), Math.Round(lab.A, 2), Math.Round(lab.B, 2)));
    }
}
