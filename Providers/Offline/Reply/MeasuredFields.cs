using System.Globalization;
using ProductDescriber.Imaging.Colour;
using ProductDescriber.Providers.Offline.Analysis;
using YamlDotNet.RepresentationModel;

namespace ProductDescriber.Providers.Offline.Reply;

/// <summary>
/// One value the provider measured and the template path it belongs at (<c>*</c> matches any key). Written only if
/// <paramref name="After"/> (a path of the same list) was written: a confidence without its value means nothing.
/// </summary>
internal sealed record MeasuredField(string Path, Func<YamlNode> Value, string? After = null);

/// <summary>The analysis notes: what could not be known, what was assumed, what to photograph next.</summary>
internal sealed record AnalysisNotes(
    List<string> MeasurementChallenges,
    List<string> AssumptionsMade,
    List<string> CrossImageConflicts,
    List<string> RecommendedAdditionalImages);

/// <summary>
/// What pixels can tell, by template path, with low confidences; everything else (millimetres, label text,
/// materials, geometry) is not measured and so never written.
/// </summary>
internal static class MeasuredFields
{
    public static readonly string[] Header =
    [
        "Offline analysis (offline-measure-1): measured from pixels, no model.",
        "Null means unknown; millimetres, label text and materials cannot be measured from pixels alone.",
    ];

    public static readonly string[] HighestConfidence = ["metadata.image_count"];

    public static readonly string[] LowestConfidence = ["colors", "materials.optical_properties.transparency", "dimensions.aspect_ratios"];

    public static readonly string[] RequiringValidation = ["dimensions.primary", "materials", "labels", "geometry", "deformation"];

    public static double ConfidenceOverall(OfflineMeasurements measurements) =>
        Math.Round(0.1 + (0.2 * MaskConfidence(measurements)), 2);

    /// <summary>Low by design: 0.2 to 0.5, higher for a large colour on a well separated product.</summary>
    public static double ColourConfidence(MeasuredColor colour, OfflineMeasurements measurements) =>
        Math.Round(Math.Clamp(0.2 + (0.3 * MaskConfidence(measurements) * Math.Min(1, colour.CoveragePercentage / 30)), 0.2, 0.5), 2);

    public static List<MeasuredField> Values(OfflineMeasurements measurements, DateOnly date)
    {
        var primary = measurements.Photos[0];
        var fields = new List<MeasuredField>
        {
            new("metadata.analysis_date", () => Yaml.Text(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            new("metadata.image_count", () => Yaml.Number(measurements.Photos.Count)),
            new("metadata.confidence_overall", () => Yaml.Number(ConfidenceOverall(measurements))),
            new("dimensions.primary.*.measurement_basis", () => Yaml.Text(MeasurementBasis(primary))),

            // Pixels hold no scale: without an object of known size in the photos, millimetres cannot be had.
            new("dimensions.scale_required", () => Yaml.Boolean(true)),
        };

        // The box ratio is the photo's view of the product (tilt and perspective included): only worth giving when
        // the separation is trusted.
        if (primary.ProductBox is { } box && primary.MaskConfidence >= 0.4)
        {
            fields.Add(new("dimensions.aspect_ratios.width_to_height", () => Yaml.Number(Math.Round((double)box.Width / box.Height, 2))));
        }

        string[] ranks = ["primary", "secondary", "accent"];
        foreach (var (rank, colour) in ranks.Zip(measurements.ProductColors))
        {
            var at = "colors." + rank;
            fields.Add(new(at + ".hex", () => Yaml.Text(colour.Hex)));
            fields.Add(new(at + ".rgb", () => Yaml.Flow(colour.Red, colour.Green, colour.Blue), After: at + ".hex"));
            fields.Add(new(at + ".name", () => Yaml.Text(colour.Name), After: at + ".hex"));
            fields.Add(new(at + ".coverage_percentage", () => Yaml.Number(colour.CoveragePercentage), After: at + ".hex"));
            fields.Add(new(at + ".confidence", () => Yaml.Number(ColourConfidence(colour, measurements)), After: at + ".hex"));
        }

        const string transparency = "materials.optical_properties.transparency";
        if (measurements.Transparency is { Type: { } type } hint)
        {
            fields.Add(new(transparency + ".type", () => Yaml.Text(type)));
            if (hint.SeeThroughPercentage is { } percentage)
            {
                fields.Add(new(transparency + ".percentage", () => Yaml.Number(percentage), After: transparency + ".type"));
            }

            fields.Add(new(transparency + ".confidence", () => Yaml.Number(hint.Confidence), After: transparency + ".type"));
        }

        fields.Add(new(transparency + ".basis", () => Yaml.Text(measurements.Transparency.Basis)));
        return fields;
    }

    public static AnalysisNotes Notes(OfflineMeasurements measurements)
    {
        var notes = new AnalysisNotes(
            [
                "No scale reference is known to the offline provider: every dimension in millimetres is null.",
                "No text recognition: label content is null.",
                "Materials, finish, geometry and deformation cannot be measured from colours and a silhouette: left null.",
            ],
            [
                "The border of each photo is backdrop; the largest connected region that differs from it is the product.",
                "Product pixels matching the backdrop are backdrop seen through the product and are not product colours.",
                "Colours are the photo's sRGB values under its own lighting, not calibrated.",
            ],
            [],
            []);
        foreach (var photo in measurements.Photos)
        {
            var name = $"Image {photo.Index + 1}";
            if (photo.Separation == "none")
            {
                notes.MeasurementChallenges.Add($"{name}: no uniform backdrop found; the whole photo was measured as the product.");
            }

            if (photo.TouchesFrame)
            {
                notes.MeasurementChallenges.Add($"{name}: the product (or what holds it) reaches the edge of the photo, so it may be cut off.");
                notes.RecommendedAdditionalImages.Add($"A photo showing the whole product with some margin (like image {photo.Index + 1}, but not cropped).");
            }

            if (photo.SkinShare > 0.05)
            {
                notes.MeasurementChallenges.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: about {photo.SkinShare * 100:0}% of the separated pixels are skin-coloured (hands), and their colour may be among the product colours."));
            }
        }

        var primaries = measurements.Photos.Where(p => p.ProductColors.Count > 0).Select(p => p.ProductColors[0]).ToList();
        for (var i = 1; i < primaries.Count; i++)
        {
            var a = new Lab(primaries[0].LabL, primaries[0].LabA, primaries[0].LabB);
            var b = new Lab(primaries[i].LabL, primaries[i].LabA, primaries[i].LabB);
            if (a.DistanceTo(b) > 20)
            {
                notes.CrossImageConflicts.Add($"The largest colour differs between photos: {primaries[0].Hex} ({primaries[0].Name}) in one, {primaries[i].Hex} ({primaries[i].Name}) in another.");
            }
        }

        if (measurements.Photos.Count < 2)
        {
            notes.RecommendedAdditionalImages.Add("A second angle (side or back) to compare colours and silhouette.");
        }

        notes.RecommendedAdditionalImages.Add("A photo next to a ruler or an object of known size, for millimetres.");
        var distinct = notes.RecommendedAdditionalImages.Distinct(StringComparer.Ordinal).ToList();
        notes.RecommendedAdditionalImages.Clear();
        notes.RecommendedAdditionalImages.AddRange(distinct);
        return notes;
    }

    /// <summary>One photo's figures as a sentence, for a template that has no place for them.</summary>
    public static string Sentence(PhotoMeasurement p)
    {
        var found = p.ProductBox is { } b
            ? string.Create(CultureInfo.InvariantCulture,
                $"product box {b.Width}x{b.Height} px at ({b.X}, {b.Y}), {p.FillRatio * 100:0.#}% of the photo's pixels")
            : "no product region found";
        var separation = p.Separation switch
        {
            "alpha" => "separated by the photo's own transparency",
            "border-model" => "separated from a backdrop modelled on the photo's border",
            _ => "no backdrop separated",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"Image {p.Index + 1} ({p.Format}, {p.Width}x{p.Height} px): {found}; {separation} (confidence {p.MaskConfidence:0.##}); {p.SeeThroughShare * 100:0.#}% of the product shows the backdrop.");
    }

    private static double MaskConfidence(OfflineMeasurements measurements) => measurements.Photos.Average(p => p.MaskConfidence);

    private static string MeasurementBasis(PhotoMeasurement primary) => primary.ProductBox is { } box
        ? $"pixels only: product bounding box {box.Width}x{box.Height} px in image 1 ({primary.Width}x{primary.Height} px); no scale reference, so millimetres are unknown"
        : $"pixels only: no product found in image 1 ({primary.Width}x{primary.Height} px)";
}
