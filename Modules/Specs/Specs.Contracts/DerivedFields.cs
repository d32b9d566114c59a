namespace ProductDescriber.Specs.Contracts;

/// <summary>
/// Fields read out of a specification for fast reads. Anything the document lacks, leaves null or fills with the
/// wrong type is null here. <paramref name="FieldConfidences"/> maps the path of each measured field (a mapping
/// with a numeric <c>confidence</c> from 0 to 1, e.g. <c>dimensions.primary.width</c> or <c>colors.primary</c>)
/// to that confidence, in document order.
/// </summary>
public sealed record DerivedFields(
    PrimaryDimensions? PrimaryDimensions,
    PrimaryColors? PrimaryColors,
    string? MaterialType,
    double? ConfidenceOverall,
    IReadOnlyDictionary<string, double> FieldConfidences);

/// <summary>The product's outer size; <paramref name="Unit"/> is the width's unit, "mm" unless it says otherwise.</summary>
public sealed record PrimaryDimensions(double? Width, double? Height, double? Depth, string Unit);

public sealed record PrimaryColors(ColorSwatch? Primary, ColorSwatch? Secondary, ColorSwatch? Accent);

/// <summary>A colour: <paramref name="Hex"/> as <c>#RRGGBB</c> (upper case), <paramref name="Coverage"/> the
/// percentage of the visible product it covers.</summary>
public sealed record ColorSwatch(string? Hex, string? Name, double? Coverage);
