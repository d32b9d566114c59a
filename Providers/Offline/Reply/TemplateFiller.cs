using YamlDotNet.RepresentationModel;

namespace ProductDescriber.Providers.Offline.Reply;

/// <summary>
/// Fills the template the request carries with what was measured, wherever the template has a path for it: a leaf
/// is written only if the template leaves it open (null or an empty list), the value has its shape and keeps the
/// rule on its line. Nothing is added and every other leaf stays as the template gives it, so a new template version
/// needs no change here (ADR 0027).
/// </summary>
internal static class TemplateFiller
{
    public static string Fill(TemplateYaml template, OfflineMeasurements measurements, DateOnly date)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        var refused = new List<string>();
        foreach (var field in MeasuredFields.Values(measurements, date))
        {
            if (field.After is null || written.Contains(field.After))
            {
                Write(template, field, written, refused);
            }
        }

        var notes = MeasuredFields.Notes(measurements);
        notes.MeasurementChallenges.InsertRange(0, measurements.Photos.Select(MeasuredFields.Sentence));
        notes.MeasurementChallenges.AddRange(refused);
        var lists = new (string Path, IReadOnlyList<string> Items)[]
        {
            ("analysis_notes.measurement_challenges", notes.MeasurementChallenges),
            ("analysis_notes.assumptions_made", notes.AssumptionsMade),
            ("analysis_notes.cross_image_conflicts", notes.CrossImageConflicts),
            ("analysis_notes.recommended_additional_images", notes.RecommendedAdditionalImages),

            // Only paths this template has: a field list naming what is not there would mislead.
            ("uncertainty.highest_confidence_fields", [.. MeasuredFields.HighestConfidence.Where(p => Has(template.Root, p))]),
            ("uncertainty.lowest_confidence_fields", [.. MeasuredFields.LowestConfidence.Where(p => Has(template.Root, p))]),
            ("uncertainty.fields_requiring_validation", [.. MeasuredFields.RequiringValidation.Where(p => Has(template.Root, p))]),
        };
        foreach (var (path, items) in lists.Where(l => l.Items.Count > 0))
        {
            Write(template, new MeasuredField(path, () => Yaml.Texts(items)), written, refusals: null);
        }

        return Yaml.Write(template.Root, [.. MeasuredFields.Header, $"Template {template.Id}: only what pixels can measure is filled in; every other field is as the template gives it."]);
    }

    private static void Write(TemplateYaml template, MeasuredField field, HashSet<string> written, List<string>? refusals)
    {
        foreach (var (path, parent, key) in Leaves(template.Root, field.Path).ToList())
        {
            var value = field.Value();
            var current = parent.Children[key];
            if (!IsOpen(current) || (value is YamlScalarNode && current is not YamlScalarNode))
            {
                continue;
            }

            if (template.RuleOf(key)?.Refusal(value) is { } why)
            {
                refusals?.Add($"{path}: the measured value was not written because {why}; it is left as the template gives it.");
                continue;
            }

            parent.Children[key] = value;
            written.Add(field.Path);
        }
    }

    /// <summary>Open for filling: null, or an empty list.</summary>
    private static bool IsOpen(YamlNode node) => Yaml.IsNull(node) || node is YamlSequenceNode { Children.Count: 0 };

    /// <summary>Each leaf the path names in this template: its full path, its mapping and its key node.</summary>
    private static IEnumerable<(string Path, YamlMappingNode Parent, YamlNode Key)> Leaves(YamlMappingNode root, string path)
    {
        var segments = path.Split('.');
        IEnumerable<(string Path, YamlMappingNode Map)> level = [(string.Empty, root)];
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var segment = segments[i];
            level = level.SelectMany(l => Children(l.Map, segment)
                .Where(c => c.Value is YamlMappingNode)
                .Select(c => (Join(l.Path, c.Key), (YamlMappingNode)c.Value)));
        }

        return level.SelectMany(l => Children(l.Map, segments[^1]).Select(c => (Join(l.Path, c.Key), l.Map, c.KeyNode)));
    }

    private static IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Children(YamlMappingNode map, string segment) =>
        map.Children
            .Where(c => c.Key is YamlScalarNode { Value: { } name } && (segment == "*" || name == segment))
            .Select(c => (((YamlScalarNode)c.Key).Value!, c.Key, c.Value));

    private static bool Has(YamlMappingNode root, string path)
    {
        YamlNode node = root;
        foreach (var segment in path.Split('.'))
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(segment), out var child))
            {
                return false;
            }

            node = child;
        }

        return true;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
