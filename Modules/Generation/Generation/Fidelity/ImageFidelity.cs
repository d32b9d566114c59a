namespace ProductDescriber.Generation.Fidelity;

/// <summary>
/// How faithful a picture is to the specification it was made from, measured once when it was stored (ADR 0033).
/// When nothing could be measured, <see cref="Reason"/> says why and the figures are null: never a made-up score.
/// </summary>
/// <param name="Score">0 to 100 from <see cref="DeltaE"/>: 100 - 4 x deltaE, floored at 0.</param>
/// <param name="DeltaE">The mean CIEDE2000 difference of the specification's colours to the nearest dominant colours measured.</param>
/// <param name="Flagged">Whether <see cref="DeltaE"/> exceeds the configured threshold.</param>
/// <param name="AspectError">|measured / specified - 1| of the product's width-to-height ratio; null when the specification has no proportions.</param>
internal sealed record ImageFidelity(
    double? Score,
    double? DeltaE,
    bool? Flagged,
    IReadOnlyList<FidelityColour> Colours,
    double? AspectError,
    double? MeasuredAspectRatio,
    string? Reason)
{
    public static ImageFidelity NotMeasured(string reason) => new(null, null, null, [], null, null, reason);
}

/// <summary>One colour of the specification and the measured colour it was matched with.</summary>
/// <param name="Role">primary, secondary or accent.</param>
internal sealed record FidelityColour(string Role, string Target, string Measured, double DeltaE);
