using System.Globalization;
using ProductDescriber.Providers.Offline.Analysis;

namespace ProductDescriber.Providers.Offline;

/// <summary>Fills the specification template (v1.0 sections) from measurements: what pixels can tell, with low
/// confidences, and null for everything they cannot (millimetres, label text, materials).</summary>
internal static class SpecBuilder
{
    private const string Header =
        "Offline analysis (offline-measure-1): measured from pixels, no model.\n" +
        "Null means unknown; millimetres, label text and materials cannot be measured from pixels alone.";

    public static string Build(OfflineMeasurements measurements, DateOnly date)
    {
        var photos = measurements.Photos;
        var primary = photos[0];
        var maskConfidence = photos.Average(p => p.MaskConfidence);
        var colours = measurements.ProductColors;

        var root = new YamlMap()
            .Set("metadata", new YamlMap()
                .Set("template_version", "1.0")
                .Set("product_name", null)
                .Set("analysis_date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Set("image_count", photos.Count)
                .Set("confidence_overall", Math.Round(0.1 + (0.2 * maskConfidence), 2)))
            .Set("dimensions", Dimensions(primary))
            .Set("geometry", Geometry())
            .Set("colors", new YamlMap()
                .Set("primary", Colour(colours, 0, maskConfidence))
                .Set("secondary", Colour(colours, 1, maskConfidence))
                .Set("accent", Colour(colours, 2, maskConfidence))
                .Set("label_colors", new YamlMap().Set("background", null).Set("text", null).Set("graphics", Array.Empty<object?>())))
            .Set("materials", Materials(measurements.Transparency))
            .Set("labels", new YamlMap().Set("present", null).Set("primary_label", null))
            .Set("deformation", new YamlMap().Set("applies", null).Set("when_filled", null).Set("when_empty", null))
            .Set("keypoints", new YamlMap()
                .Set("silhouette", new YamlMap().Set("points", Array.Empty<object?>()).Set("point_count", null))
                .Set("features", Array.Empty<object?>()))
            .Set("analysis_notes", Notes(measurements))
            .Set("uncertainty", new YamlMap()
                .Set("highest_confidence_fields", Strings("image_measurements", "metadata.image_count"))
                .Set("lowest_confidence_fields", Strings("colors", "materials.optical_properties.transparency", "dimensions.aspect_ratios"))
                .Set("fields_requiring_validation", Strings("dimensions.primary", "materials", "labels", "geometry", "deformation")))
            .Set("image_measurements", photos.Select(Photo).ToList<object?>());
        return YamlText.Write(root, Header);
    }

    private static YamlMap Dimensions(PhotoMeasurement primary)
    {
        var basis = primary.ProductBox is { } box
            ? $"pixels only: product bounding box {box.Width}x{box.Height} px in image 1 ({primary.Width}x{primary.Height} px); no scale reference, so millimetres are unknown"
            : $"pixels only: no product found in image 1 ({primary.Width}x{primary.Height} px)";
        YamlMap Axis() => new YamlMap().Set("value", null).Set("unit", "mm").Set("confidence", null).Set("measurement_basis", basis);

        // The box ratio is the photo's view of the product (tilt and perspective included): only worth giving
        // when the separation is trusted.
        double? ratio = primary.ProductBox is { } b && primary.MaskConfidence >= 0.4 ? Math.Round((double)b.Width / b.Height, 2) : null;
        return new YamlMap()
            .Set("primary", new YamlMap().Set("width", Axis()).Set("height", Axis()).Set("depth", Axis()))
            .Set("aspect_ratios", new YamlMap().Set("width_to_height", ratio).Set("depth_to_width", null))
            .Set("scale_required", true);
    }

    private static YamlMap Geometry()
    {
        YamlMap Corner() => new YamlMap().Set("radius", null).Set("confidence", null);
        YamlMap Edge() => new YamlMap().Set("shape", null).Set("curvature_details", null).Set("deviation", null);
        YamlMap Thickness() => new YamlMap().Set("min", null).Set("max", null).Set("average", null);
        return new YamlMap()
            .Set("corner_radii", new YamlMap()
                .Set("top_left", Corner()).Set("top_right", Corner()).Set("bottom_left", Corner()).Set("bottom_right", Corner()))
            .Set("edges", new YamlMap().Set("top", Edge()).Set("bottom", Edge()).Set("left", Edge()).Set("right", Edge()))
            .Set("thickness", new YamlMap().Set("rim", Thickness()).Set("body", Thickness()))
            .Set("symmetry", new YamlMap().Set("horizontal", null).Set("vertical", null).Set("asymmetry_notes", null));
    }

    private static YamlMap? Colour(IReadOnlyList<MeasuredColor> colours, int rank, double maskConfidence)
    {
        if (rank >= colours.Count)
        {
            return null;
        }

        var c = colours[rank];
        var confidence = 0.2 + (0.3 * maskConfidence * Math.Min(1, c.CoveragePercentage / 30));
        return new YamlMap()
            .Set("hex", c.Hex)
            .Set("rgb", new YamlFlow([c.Red, c.Green, c.Blue]))
            .Set("name", c.Name)
            .Set("coverage_percentage", c.CoveragePercentage)
            .Set("confidence", Math.Round(Math.Clamp(confidence, 0.2, 0.5), 2));
    }

    private static YamlMap Materials(TransparencyHint transparency) => new YamlMap()
        .Set("primary_material", new YamlMap().Set("type", null).Set("finish", null).Set("rigidity", null).Set("confidence", null))
        .Set("optical_properties", new YamlMap()
            .Set("transparency", new YamlMap()
                .Set("type", transparency.Type)
                .Set("percentage", transparency.SeeThroughPercentage)
                .Set("confidence", transparency.Confidence)
                .Set("basis", transparency.Basis))
            .Set("refraction", new YamlMap().Set("present", null).Set("index_estimate", null).Set("description", null))
            .Set("reflection", new YamlMap().Set("type", null).Set("intensity", null).Set("description", null)))
        .Set("surface_texture", new YamlMap().Set("type", null).Set("description", null).Set("visible_at_scale", null));

    private static YamlMap Notes(OfflineMeasurements measurements)
    {
        var challenges = new List<object?>
        {
            "No scale reference is known to the offline provider: every dimension in millimetres is null.",
            "No text recognition: label content is null.",
            "Materials, finish, geometry and deformation cannot be measured from colours and a silhouette: left null.",
        };
        var conflicts = new List<object?>();
        var recommended = new List<object?>();
        foreach (var photo in measurements.Photos)
        {
            var name = $"Image {photo.Index + 1}";
            if (photo.Separation == "none")
            {
                challenges.Add($"{name}: no uniform backdrop found; the whole photo was measured as the product.");
            }

            if (photo.TouchesFrame)
            {
                challenges.Add($"{name}: the product (or what holds it) reaches the edge of the photo, so it may be cut off.");
                recommended.Add($"A photo showing the whole product with some margin (like image {photo.Index + 1}, but not cropped).");
            }

            if (photo.SkinShare > 0.05)
            {
                challenges.Add(string.Create(CultureInfo.InvariantCulture,
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
                conflicts.Add($"The largest colour differs between photos: {primaries[0].Hex} ({primaries[0].Name}) in one, {primaries[i].Hex} ({primaries[i].Name}) in another.");
            }
        }

        if (measurements.Photos.Count < 2)
        {
            recommended.Add("A second angle (side or back) to compare colours and silhouette.");
        }

        recommended.Add("A photo next to a ruler or an object of known size, for millimetres.");
        return new YamlMap()
            .Set("measurement_challenges", challenges)
            .Set("assumptions_made", Strings(
                "The border of each photo is backdrop; the largest connected region that differs from it is the product.",
                "Product pixels matching the backdrop are backdrop seen through the product and are not product colours.",
                "Colours are the photo's sRGB values under its own lighting, not calibrated."))
            .Set("cross_image_conflicts", conflicts)
            .Set("recommended_additional_images", recommended.Distinct().ToList());
    }

    private static YamlMap Photo(PhotoMeasurement p) => new YamlMap()
        .Set("image", p.Index + 1)
        .Set("format", p.Format)
        .Set("width_px", p.Width)
        .Set("height_px", p.Height)
        .Set("aspect_ratio", p.AspectRatio)
        .Set("separation", p.Separation)
        .Set("separation_confidence", p.MaskConfidence)
        .Set("product_box_px", p.ProductBox is { } b ? new YamlFlow([b.X, b.Y, b.Width, b.Height]) : null)
        .Set("product_fill_ratio", p.FillRatio)
        .Set("touches_frame", p.TouchesFrame)
        .Set("backdrop_colors", p.BackdropColors.Select(c => (object?)c.Hex).ToList())
        .Set("product_colors", p.ProductColors.Select(c => (object?)new YamlMap()
            .Set("hex", c.Hex).Set("name", c.Name).Set("coverage_percentage", c.CoveragePercentage)).ToList())
        .Set("see_through_share", p.SeeThroughShare);

    private static List<object?> Strings(params string[] values) => [.. values];
}
