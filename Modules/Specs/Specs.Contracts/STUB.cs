// STUB: replaced by the helper's real records at merge.
namespace ProductDescriber.Specs.Contracts;
public sealed record DerivedFields(PrimaryDimensions? PrimaryDimensions, PrimaryColors? PrimaryColors, string? MaterialType, double? ConfidenceOverall, IReadOnlyDictionary<string, double> FieldConfidences);
public sealed record PrimaryDimensions(double? Width, double? Height, double? Depth, string Unit);
public sealed record PrimaryColors(ColorSwatch? Primary, ColorSwatch? Secondary, ColorSwatch? Accent);
public sealed record ColorSwatch(string? Hex, string? Name, double? Coverage);
