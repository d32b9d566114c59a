using System.Text;
using ProductDescriber.Specs.Templates;
using ProductDescriber.Specs.Tests.Yaml;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Tests.Templates;

/// <summary>Documents for tests: the template filled in with a valid value for every rule, with overrides.</summary>
internal static class Samples
{
    /// <summary>An override that leaves the key out.</summary>
    public const string Absent = "<absent>";

    public static SpecificationTemplate Template { get; } = new TemplateCatalog().Default;

    /// <summary>Every leaf filled by its rule; <paramref name="overrides"/> replace (or add, or remove with
    /// <see cref="Absent"/>) values by path, as flow YAML.</summary>
    public static SpecDocument Filled(params (string Path, string Yaml)[] overrides) => Parse.Ok(FilledText(overrides));

    public static string FilledText(params (string Path, string Yaml)[] overrides)
    {
        var byPath = overrides.ToDictionary(o => o.Path, o => o.Yaml, StringComparer.Ordinal);
        var text = new StringBuilder();
        Mapping(text, string.Empty, Template.Shape.Root, byPath);
        return text.ToString();
    }

    public static string ValidValue(FieldRule rule)
    {
        var item = rule.Kind switch
        {
            ValueKind.Number => "12.5",
            ValueKind.Integer => "3",
            ValueKind.String => "some text",
            ValueKind.Boolean => "true",
            ValueKind.Date => "2024-05-01",
            ValueKind.Hex => "'#1A2B3C'",
            ValueKind.Confidence => "0.5",
            ValueKind.Enum => rule.Allowed[0],
            ValueKind.Point => "[0.1, 0.2]",
            ValueKind.Object => "{name: lid, x: 0.5, y: 0.1}",
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
        return rule.IsList ? $"[{item}, {item}]" : item;
    }

    private static void Mapping(StringBuilder text, string path, SpecMapping shape, Dictionary<string, string> overrides)
    {
        text.Append('{');
        var first = true;
        void Entry(string key, string value)
        {
            text.Append(first ? string.Empty : ", ").Append(key).Append(": ").Append(value);
            first = false;
        }

        foreach (var (key, node) in shape.Entries)
        {
            var childPath = SpecPath.Key(path, key);
            if (overrides.TryGetValue(childPath, out var value))
            {
                if (value != Absent)
                {
                    Entry(key, value);
                }
            }
            else if (node is SpecMapping { Entries.Count: > 0 } child)
            {
                text.Append(first ? string.Empty : ", ").Append(key).Append(": ");
                first = false;
                Mapping(text, childPath, child, overrides);
            }
            else
            {
                Entry(key, childPath == SpecificationTemplate.VersionPath ? $"'{Template.Version}'" : ValidValue(Template.Rules[childPath]));
            }
        }

        var prefix = path.Length == 0 ? string.Empty : path + ".";
        foreach (var (extraPath, value) in overrides)
        {
            var key = extraPath.StartsWith(prefix, StringComparison.Ordinal) ? extraPath[prefix.Length..] : null;
            if (key is not null && !key.Contains('.', StringComparison.Ordinal) && !shape.ContainsKey(key) && value != Absent)
            {
                Entry(key, value);
            }
        }

        text.Append('}');
    }
}
