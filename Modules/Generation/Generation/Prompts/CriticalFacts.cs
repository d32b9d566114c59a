namespace ProductDescriber.Generation.Prompts;

/// <summary>
/// The facts a picture must respect, read from the template's own paths (<c>product-analysis</c> 1.0) in document
/// order: outer dimensions and proportions, the three main colours and the label's colours, material, transparency
/// and surface texture, and the label (text, position, size, placement, logo). The earlier version looked under
/// keys the template does not have, so only dimensions ever reached the model. Everything else (geometry,
/// deformation, notes) is left to the full YAML: the list stays short enough to be read as a checklist.
/// </summary>
internal static class CriticalFacts
{
    private const string DefaultUnit = "mm";

    private static readonly string[] Axes = ["width", "height", "depth"];

    private static readonly (string Rank, string Subject)[] Colours =
        [("primary", "primary colour"), ("secondary", "secondary colour"), ("accent", "accent colour")];

    public static IReadOnlyList<CriticalFact> Read(SpecValues spec)
    {
        var facts = new List<CriticalFact>();
        Dimensions(spec, facts);
        Colors(spec, facts);
        Materials(spec, facts);
        Labels(spec, facts);
        return facts;
    }

    private static void Dimensions(SpecValues spec, List<CriticalFact> facts)
    {
        foreach (var axis in Axes)
        {
            var at = "dimensions.primary." + axis;
            if (spec.Positive(at + ".value") is { } value)
            {
                var unit = spec.Text(at + ".unit") ?? DefaultUnit;
                facts.Add(new(at, "outer " + axis, "Outer dimensions", $"{axis} {SpecValues.Format(value)} {unit}"));
            }
        }

        const string ratios = "dimensions.aspect_ratios";
        if (spec.Positive(ratios + ".width_to_height") is { } widthToHeight)
        {
            facts.Add(new(ratios, "proportions", "Proportions", "width to height " + SpecValues.Format(widthToHeight)));
        }

        if (spec.Positive(ratios + ".depth_to_width") is { } depthToWidth)
        {
            facts.Add(new(ratios, "proportions", "Proportions", "depth to width " + SpecValues.Format(depthToWidth)));
        }
    }

    private static void Colors(SpecValues spec, List<CriticalFact> facts)
    {
        foreach (var (rank, subject) in Colours)
        {
            var at = "colors." + rank;
            var hex = spec.Hex(at + ".hex");
            var name = spec.Text(at + ".name");
            if (hex is null && name is null)
            {
                continue;
            }

            var value = hex is null ? name! : name is null ? hex : $"{name} {hex}";
            if (spec.Percentage(at + ".coverage_percentage") is > 0 and var coverage)
            {
                value += $", about {SpecValues.Format(coverage)} % of the visible surface";
            }

            facts.Add(new(at, subject, char.ToUpperInvariant(subject[0]) + subject[1..], value));
        }

        if (spec.Flag("labels.present") is false)
        {
            return;
        }

        const string label = "colors.label_colors";
        var parts = new List<string>();
        if (spec.Hex(label + ".background") is { } background)
        {
            parts.Add("background " + background);
        }

        if (spec.Hex(label + ".text") is { } text)
        {
            parts.Add("text " + text);
        }

        if (spec.Hexes(label + ".graphics") is { Count: > 0 } graphics)
        {
            parts.Add("graphics " + string.Join(" and ", graphics));
        }

        if (parts.Count > 0)
        {
            facts.Add(new(label, "label colours", "Label colours", string.Join(", ", parts)));
        }
    }

    private static void Materials(SpecValues spec, List<CriticalFact> facts)
    {
        const string material = "materials.primary_material";
        var parts = new List<string>();
        if (spec.Word(material + ".type") is { } type)
        {
            parts.Add(type);
        }

        if (spec.Word(material + ".finish") is { } finish)
        {
            parts.Add(finish + " finish");
        }

        if (spec.Word(material + ".rigidity") is { } rigidity)
        {
            parts.Add(rigidity);
        }

        if (parts.Count > 0)
        {
            facts.Add(new(material, "material and finish", "Material", string.Join(", ", parts)));
        }

        const string transparency = "materials.optical_properties.transparency";
        var kind = spec.Word(transparency + ".type");
        var share = spec.Percentage(transparency + ".percentage");
        if (kind is not null || share is not null)
        {
            var light = share is { } percentage ? $"lets about {SpecValues.Format(percentage)} % of light through" : null;
            var value = kind is null ? light! : light is null ? kind : $"{kind}, {light}";
            facts.Add(new(transparency, "transparency", "Transparency", value));
        }

        const string texture = "materials.surface_texture";
        var surface = spec.Word(texture + ".type");
        var description = spec.Text(texture + ".description");
        if (surface is not null || description is not null)
        {
            var value = surface is null ? description! : description is null ? surface : $"{surface} ({description})";
            facts.Add(new(texture, "surface texture", "Surface texture", value));
        }
    }

    private static void Labels(SpecValues spec, List<CriticalFact> facts)
    {
        // A product without a label is a fact a picture must respect too: models like to add one.
        if (spec.Flag("labels.present") is false)
        {
            facts.Add(new("labels.present", "label", "Label", "none; the product carries no label"));
            return;
        }

        const string label = "labels.primary_label";
        var kind = spec.Word(label + ".material");
        var position = spec.Word(label + ".position") is { } where ? Position(where) : null;
        if (kind is not null || position is not null)
        {
            facts.Add(new(label, "label kind and position", "Label", string.Join(", ", new[] { kind, position }.OfType<string>())));
        }

        LabelSize(spec, label + ".dimensions", facts);
        LabelPlacement(spec, label + ".placement", facts);

        const string text = label + ".content.text";
        if (spec.Lines(text + ".content") is { } words)
        {
            var breaks = words.Contains(" / ", StringComparison.Ordinal) ? " (\" / \" marks a line break)" : "";
            facts.Add(new(text, "label text", "Label text, exactly as printed", $"\"{words}\"{breaks}"));
        }
        else if (spec.Flag(text + ".present") is false)
        {
            facts.Add(new(text, "label text", "Label text", "none; the label carries no text"));
        }

        if (spec.Text(label + ".content.logo.description") is { } logo)
        {
            facts.Add(new(label + ".content.logo", "logo", "Logo", logo));
        }

        if (spec.Text(label + ".content.graphics.description") is { } graphics)
        {
            facts.Add(new(label + ".content.graphics", "label graphics", "Label graphics", graphics));
        }
    }

    private static void LabelSize(SpecValues spec, string at, List<CriticalFact> facts)
    {
        var parts = new List<string>();
        var width = spec.Positive(at + ".width_mm");
        var height = spec.Positive(at + ".height_mm");
        if (width is not null && height is not null)
        {
            parts.Add($"{SpecValues.Format(width.Value)} mm wide and {SpecValues.Format(height.Value)} mm high");
        }
        else if (width is not null || height is not null)
        {
            parts.Add(width is { } w ? $"{SpecValues.Format(w)} mm wide" : $"{SpecValues.Format(height!.Value)} mm high");
        }

        if (spec.Percentage(at + ".width_percent") is > 0 and var widthShare)
        {
            parts.Add($"about {SpecValues.Format(widthShare)} % of the product's width");
        }

        if (spec.Percentage(at + ".height_percent") is > 0 and var heightShare)
        {
            parts.Add($"about {SpecValues.Format(heightShare)} % of its height");
        }

        if (parts.Count > 0)
        {
            facts.Add(new(at, "label size", "Label size", string.Join(", ", parts)));
        }
    }

    private static void LabelPlacement(SpecValues spec, string at, List<CriticalFact> facts)
    {
        var parts = new List<string>();
        if (spec.Number(at + ".offset_top_mm") is >= 0 and var top)
        {
            parts.Add($"{SpecValues.Format(top)} mm from the top edge");
        }

        if (spec.Number(at + ".offset_left_mm") is >= 0 and var left)
        {
            parts.Add($"{SpecValues.Format(left)} mm from the left edge");
        }

        if (spec.Flag(at + ".centered_horizontally") is true)
        {
            parts.Add("centred horizontally");
        }

        if (spec.Flag(at + ".centered_vertically") is true)
        {
            parts.Add("centred vertically");
        }

        if (parts.Count > 0)
        {
            facts.Add(new(at, "label placement", "Label placement", string.Join(", ", parts)));
        }
    }

    /// <summary>The template's positions (<c>front</c>, <c>left_side</c>, <c>wrap_around</c>) as words.</summary>
    private static string Position(string where) => where switch
    {
        "wrap around" => "wrapped around the product",
        _ => $"on the {where}",
    };
}
