namespace ProductDescriber.Providers.Offline;

/// <summary>What the Offline provider measured, attached to its vision reply under
/// <c>AiMetadata.Measurements</c>. Pixel values are in the upright original photo.</summary>
/// <param name="ProductColors">The product's colours over all photos, largest first (backdrop excluded).</param>
public sealed record OfflineMeasurements(
    IReadOnlyList<PhotoMeasurement> Photos,
    IReadOnlyList<MeasuredColor> ProductColors,
    TransparencyHint Transparency);

/// <param name="Separation">"alpha" (the photo's own transparency), "border-model" (backdrop modelled from the border
/// ring) or "none" (no backdrop found: the whole photo is taken as the product).</param>
/// <param name="FillRatio">Product pixels over all pixels.</param>
/// <param name="TouchesFrame">The product reaches an edge of the photo: it may be cut off, or held.</param>
/// <param name="SeeThroughShare">Share of product pixels showing the backdrop unchanged (see-through areas).</param>
/// <param name="SkinShare">Share of product pixels with skin-like colour (hands holding the product).</param>
/// <param name="MaskConfidence">0..1: how much the separation can be trusted.</param>
public sealed record PhotoMeasurement(
    int Index,
    string Format,
    int Width,
    int Height,
    double AspectRatio,
    string Separation,
    PixelBox? ProductBox,
    double FillRatio,
    bool TouchesFrame,
    IReadOnlyList<MeasuredColor> BackdropColors,
    IReadOnlyList<MeasuredColor> ProductColors,
    double SeeThroughShare,
    double SkinShare,
    double MaskConfidence);

public sealed record PixelBox(int X, int Y, int Width, int Height);

/// <param name="CoveragePercentage">Share of the product's (or backdrop's) pixels, 0..100.</param>
public sealed record MeasuredColor(
    string Hex,
    int Red,
    int Green,
    int Blue,
    double LabL,
    double LabA,
    double LabB,
    string Name,
    double CoveragePercentage);

/// <param name="Type">"transparent", "translucent", "opaque" or null when nothing suggests either.</param>
/// <param name="Basis">How the hint was reached.</param>
public sealed record TransparencyHint(string? Type, double? SeeThroughPercentage, double Confidence, string Basis);
