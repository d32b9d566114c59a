using YamlDotNet.RepresentationModel;

namespace ProductDescriber.Providers.Offline.Reply;

/// <summary>The answer without a template (free-form analysis): the measurements themselves, as YAML.</summary>
internal static class FreeFormReply
{
    public static string Write(OfflineMeasurements measurements, DateOnly date)
    {
        var notes = MeasuredFields.Notes(measurements);
        var transparency = measurements.Transparency;
        var root = Yaml.Map(
            ("analysis_date", Yaml.Text(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))),
            ("image_count", Yaml.Number(measurements.Photos.Count)),
            ("confidence_overall", Yaml.Number(MeasuredFields.ConfidenceOverall(measurements))),
            ("product_colors", Yaml.List(measurements.ProductColors.Select(c => Yaml.Map(
                ("hex", Yaml.Text(c.Hex)),
                ("rgb", Yaml.Flow(c.Red, c.Green, c.Blue)),
                ("name", Yaml.Text(c.Name)),
                ("coverage_percentage", Yaml.Number(c.CoveragePercentage)),
                ("confidence", Yaml.Number(MeasuredFields.ColourConfidence(c, measurements))))))),
            ("transparency", Yaml.Map(
                ("type", transparency.Type is { } type ? Yaml.Text(type) : Yaml.Null()),
                ("see_through_percentage", transparency.SeeThroughPercentage is { } p ? Yaml.Number(p) : Yaml.Null()),
                ("confidence", Yaml.Number(transparency.Confidence)),
                ("basis", Yaml.Text(transparency.Basis)))),
            ("images", Yaml.List(measurements.Photos.Select(Photo))),
            ("notes", Yaml.Map(
                ("measurement_challenges", Yaml.Texts(notes.MeasurementChallenges)),
                ("assumptions_made", Yaml.Texts(notes.AssumptionsMade)),
                ("cross_image_conflicts", Yaml.Texts(notes.CrossImageConflicts)),
                ("recommended_additional_images", Yaml.Texts(notes.RecommendedAdditionalImages)))));
        return Yaml.Write(root, [.. MeasuredFields.Header, "No template was given: these are the measurements themselves."]);
    }

    private static YamlMappingNode Photo(PhotoMeasurement p) => Yaml.Map(
        ("image", Yaml.Number(p.Index + 1)),
        ("format", Yaml.Text(p.Format)),
        ("width_px", Yaml.Number(p.Width)),
        ("height_px", Yaml.Number(p.Height)),
        ("aspect_ratio", Yaml.Number(p.AspectRatio)),
        ("separation", Yaml.Text(p.Separation)),
        ("separation_confidence", Yaml.Number(p.MaskConfidence)),
        ("product_box_px", p.ProductBox is { } b ? Yaml.Flow(b.X, b.Y, b.Width, b.Height) : Yaml.Null()),
        ("product_fill_ratio", Yaml.Number(p.FillRatio)),
        ("touches_frame", Yaml.Boolean(p.TouchesFrame)),
        ("backdrop_colors", Yaml.Texts(p.BackdropColors.Select(c => c.Hex))),
        ("product_colors", Yaml.List(p.ProductColors.Select(c => Yaml.Map(
            ("hex", Yaml.Text(c.Hex)),
            ("name", Yaml.Text(c.Name)),
            ("coverage_percentage", Yaml.Number(c.CoveragePercentage)))))),
        ("see_through_share", Yaml.Number(p.SeeThroughShare)),
        ("skin_share", Yaml.Number(p.SkinShare)));
}
