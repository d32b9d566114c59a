using ProductDescriber.Specs.Contracts;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Templates;

/// <summary>
/// Reads the derived fields out of a specification. It never throws: a section or value that is missing, null or
/// of the wrong type gives null (the earlier version failed a paid analysis on <c>dimensions: null</c>). It reads
/// by path, not through the template, so free-form documents that happen to use the same keys give the same fields.
/// </summary>
internal static class DerivedFieldExtractor
{
    private const string DefaultUnit = "mm";

    public static DerivedFields Extract(SpecDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var confidences = new Dictionary<string, double>(StringComparer.Ordinal);
        CollectConfidences(string.Empty, document.Root, confidences);
        return new DerivedFields(
            Dimensions(document),
            Colors(document),
            Text(document.Find("materials.primary_material.type")),
            Confidence(document.Find("metadata.confidence_overall")),
            confidences);
    }

    /// <summary>Null unless at least one of width, height and depth is a number.</summary>
    private static PrimaryDimensions? Dimensions(SpecDocument document)
    {
        var width = Number(document.Find("dimensions.primary.width.value"));
        var height = Number(document.Find("dimensions.primary.height.value"));
        var depth = Number(document.Find("dimensions.primary.depth.value"));
        return width is null && height is null && depth is null
            ? null
            : new PrimaryDimensions(width, height, depth, Text(document.Find("dimensions.primary.width.unit")) ?? DefaultUnit);
    }

    private static PrimaryColors? Colors(SpecDocument document)
    {
        var primary = Swatch(document.Find("colors.primary"));
        var secondary = Swatch(document.Find("colors.secondary"));
        var accent = Swatch(document.Find("colors.accent"));
        return primary is null && secondary is null && accent is null ? null : new PrimaryColors(primary, secondary, accent);
    }

    /// <summary>A hex that is not <c>#RRGGBB</c> is dropped (the swatch is drawn from it); null when nothing is left.</summary>
    private static ColorSwatch? Swatch(SpecNode? node)
    {
        if (node is not SpecMapping colour)
        {
            return null;
        }

        var hex = Text(colour.Get("hex")) is { } text && TemplateValidator.IsHex(text) ? text.ToUpperInvariant() : null;
        var name = Text(colour.Get("name"));
        var coverage = Number(colour.Get("coverage_percentage"));
        return hex is null && name is null && coverage is null ? null : new ColorSwatch(hex, name, coverage);
    }

    /// <summary>Every mapping with a <c>confidence</c> that is a number from 0 to 1, by its path.</summary>
    private static void CollectConfidences(string path, SpecNode node, Dictionary<string, double> confidences)
    {
        switch (node)
        {
            case SpecMapping mapping:
                if (path.Length > 0 && Confidence(mapping.Get("confidence")) is { } confidence)
                {
                    confidences[path] = confidence;
                }

                foreach (var (key, value) in mapping.Entries)
                {
                    CollectConfidences(SpecPath.Key(path, key), value, confidences);
                }

                break;
            case SpecSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    CollectConfidences(SpecPath.Index(path, i), sequence.Items[i], confidences);
                }

                break;
        }
    }

    private static double? Confidence(SpecNode? node) => Number(node) is { } value && value is >= 0 and <= 1 ? value : null;

    private static double? Number(SpecNode? node) => node is SpecScalar scalar && scalar.TryGetNumber(out var value) ? value : null;

    /// <summary>A text, number or boolean as its text; null for null, a mapping or a list.</summary>
    private static string? Text(SpecNode? node) => (node as SpecScalar)?.Value;
}
