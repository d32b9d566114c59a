using System.Globalization;
using ProductDescriber.Specs.Contracts;
using YamlDotNet.RepresentationModel;

namespace ProductDescriber.Generation.Tests.Prompts;

/// <summary>
/// Turns YAML into the <see cref="SpecificationInfo"/> the Specs module would hand over, without the Specs module
/// (Generation sees only Specs.Contracts): <c>Fields</c> holds every leaf by path (plain nulls as null, booleans as
/// <c>true</c>/<c>false</c>, numbers as written, empty collections as <c>[]</c> and <c>{}</c>) and
/// <c>FieldConfidences</c> every mapping's numeric <c>confidence</c> from 0 to 1, the rules Specs documents in its
/// contracts. Only what the prompt builder reads is filled in <c>Derived</c>.
/// </summary>
internal static class SpecificationYaml
{
    public static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Prompts", "Samples", name));

    public static SpecificationInfo Info(string yaml, string? templateName = "product-analysis")
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        var confidences = new Dictionary<string, double>(StringComparer.Ordinal);
        if (stream.Documents.Count > 0)
        {
            Walk(string.Empty, stream.Documents[0].RootNode, fields, confidences);
        }

        return Info(yaml, fields, confidences, templateName);
    }

    /// <summary>A specification built by hand: the YAML is only carried, the fields and confidences are as given.</summary>
    public static SpecificationInfo Info(string yaml, IReadOnlyDictionary<string, string?> fields, IReadOnlyDictionary<string, double> confidences, string? templateName = "product-analysis") =>
        new(
            Id: 7,
            ProductId: 3,
            Version: 2,
            IsActive: true,
            YamlContent: yaml,
            TemplateName: templateName,
            TemplateVersion: templateName is null ? null : "1.0",
            Derived: new DerivedFields(null, null, null, null, confidences),
            Fields: fields,
            CreatedAt: new DateTimeOffset(2026, 3, 14, 9, 0, 0, TimeSpan.Zero));

    private static void Walk(string path, YamlNode node, Dictionary<string, string?> fields, Dictionary<string, double> confidences)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                fields[path] = Value(scalar);
                break;
            case YamlMappingNode { Children.Count: 0 } when path.Length > 0:
                fields[path] = "{}";
                break;
            case YamlSequenceNode { Children.Count: 0 }:
                fields[path] = "[]";
                break;
            case YamlMappingNode mapping:
                if (path.Length > 0
                    && mapping.Children.TryGetValue(new YamlScalarNode("confidence"), out var confidence)
                    && confidence is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: { } text }
                    && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                    && value is >= 0 and <= 1)
                {
                    confidences[path] = value;
                }

                foreach (var (key, child) in mapping.Children)
                {
                    var name = ((YamlScalarNode)key).Value!;
                    Walk(path.Length == 0 ? name : $"{path}.{name}", child, fields, confidences);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Walk(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), sequence.Children[i], fields, confidences);
                }

                break;
        }
    }

    private static string? Value(YamlScalarNode scalar)
    {
        if (scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain)
        {
            return scalar.Value;
        }

        return scalar.Value switch
        {
            null or "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => "true",
            "false" or "False" or "FALSE" => "false",
            var text => text,
        };
    }
}
