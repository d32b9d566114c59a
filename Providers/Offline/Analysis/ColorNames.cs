using ProductDescriber.Imaging.Colour;

namespace ProductDescriber.Providers.Offline.Analysis;

/// <summary>A fixed palette of everyday colour names; a measured colour takes the nearest one in Lab.</summary>
internal static class ColorNames
{
    private static readonly (string Name, Lab Lab)[] Palette =
    [
        .. new (string Name, string Hex)[]
        {
            ("white", "#FFFFFF"), ("off-white", "#F2F0E8"), ("light grey", "#D3D3D3"), ("silver", "#B8BCC2"),
            ("grey", "#8E8E8E"), ("dark grey", "#555555"), ("charcoal", "#333538"), ("black", "#111111"),
            ("red", "#D0312D"), ("dark red", "#8B1A1A"), ("brick red", "#A24A3F"), ("pink", "#F2A0B5"),
            ("light pink", "#F8D3DC"), ("magenta", "#C2307F"), ("orange", "#F28C28"), ("carrot orange", "#E0734A"),
            ("peach", "#F5C19E"), ("salmon", "#E9967A"), ("brown", "#7B4A2A"), ("tan", "#C9A27A"),
            ("beige", "#E3D5B8"), ("cream", "#F7EED2"), ("yellow", "#F4D33C"), ("mustard", "#D1A52F"),
            ("khaki", "#B9B27A"), ("olive", "#7D7D3A"), ("lime green", "#9BC53D"), ("green", "#3E9B4F"),
            ("sage green", "#9CAF88"), ("dark green", "#1F5A33"), ("teal", "#2A8C8C"), ("turquoise", "#3FC1C9"),
            ("sky blue", "#8EC5EB"), ("pale blue", "#CFDDEE"), ("light blue", "#A9C3E3"), ("blue", "#2F66C4"),
            ("steel blue", "#5B7FA6"), ("navy", "#1E2F5C"), ("purple", "#6E3C9E"), ("lavender", "#B9A7D6"),
            ("gold", "#C9A23F"), ("skin tone", "#D9A98A"), ("taupe", "#8B7267"), ("dark brown", "#4E3B36"),
        }.Select(entry => (entry.Name, Lab.FromHex(entry.Hex))),
    ];

    public static string Nearest(Lab colour)
    {
        var best = Palette[0];
        var bestDistance = double.MaxValue;
        foreach (var entry in Palette)
        {
            var distance = entry.Lab.DistanceTo(colour);
            if (distance < bestDistance)
            {
                best = entry;
                bestDistance = distance;
            }
        }

        return best.Name;
    }
}
