using System.Globalization;
using System.Text.RegularExpressions;
using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Generation.Fidelity;

/// <summary>What a picture is measured against, read once per job from the request's specification: its primary,
/// secondary and accent colours (those with a valid hex) and the product's width-to-height ratio when known.</summary>
internal sealed partial record FidelityTargets(IReadOnlyList<FidelityTarget> Colours, double? AspectRatio)
{
    public static readonly FidelityTargets None = new([], null);

    public static FidelityTargets From(SpecificationInfo? specification)
    {
        if (specification is null)
        {
            return None;
        }

        var colours = specification.Derived.PrimaryColors;
        var targets = new List<FidelityTarget>();
        Add(targets, "primary", colours?.Primary);
        Add(targets, "secondary", colours?.Secondary);
        Add(targets, "accent", colours?.Accent);
        return new FidelityTargets(targets, Aspect(specification));
    }

    private static void Add(List<FidelityTarget> targets, string role, ColorSwatch? swatch)
    {
        if (swatch?.Hex is { } hex && Hex().IsMatch(hex))
        {
            targets.Add(new FidelityTarget(role, hex.ToUpperInvariant()));
        }
    }

    /// <summary>Width over height from the measured dimensions, else from the stated ratio; null when neither is usable.</summary>
    private static double? Aspect(SpecificationInfo specification)
    {
        if (specification.Derived.PrimaryDimensions is { Width: > 0 and var width, Height: > 0 and var height })
        {
            return width / height;
        }

        return specification.Fields.TryGetValue("dimensions.aspect_ratios.width_to_height", out var text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio)
            && ratio is > 0.01 and < 100
            ? ratio
            : null;
    }

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex Hex();
}

/// <summary>A specification colour: <paramref name="Role"/> is primary, secondary or accent.</summary>
internal sealed record FidelityTarget(string Role, string Hex);
