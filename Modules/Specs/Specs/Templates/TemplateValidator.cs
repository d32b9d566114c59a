using System.Globalization;
using System.Text.RegularExpressions;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Templates;

/// <summary>
/// Checks a specification against its template. Errors: a missing section, a value of the wrong type, a value an
/// enumeration does not allow, a confidence that is not a number from 0 to 1, a colour that is not <c>#RRGGBB</c>,
/// a template version other than the template's. Warnings: keys the template does not have (kept, not checked
/// further), and a document that does not say its template version. Null is always allowed (unknown), and a key
/// the document leaves out below the sections counts as null. Issues come in document order.
/// </summary>
internal static partial class TemplateValidator
{
    public static IReadOnlyList<ValidationIssue> Validate(SpecDocument document, SpecificationTemplate template)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(template);
        var issues = new List<ValidationIssue>();
        var check = new Check(template, issues);
        check.Mapping(string.Empty, template.Shape.Root, document.Root);
        foreach (var section in template.Sections.Where(section => !document.Root.ContainsKey(section)))
        {
            issues.Add(new ValidationIssue(section, "Section missing: every section of the template must be present (null when nothing is known).", IssueSeverity.Error));
        }

        check.Version(document);
        return issues;
    }

    private sealed class Check(SpecificationTemplate template, List<ValidationIssue> issues)
    {
        public void Mapping(string path, SpecMapping shape, SpecMapping actual)
        {
            foreach (var (key, value) in actual.Entries)
            {
                var childPath = SpecPath.Key(path, key);
                var expected = shape.Get(key);
                if (expected is null)
                {
                    Warn(childPath, $"Not in template {template.Id}: kept, but not checked.");
                }
                else if (value is not SpecScalar { IsNull: true } && childPath != SpecificationTemplate.VersionPath)
                {
                    Node(childPath, expected, value);
                }
            }
        }

        public void Version(SpecDocument document)
        {
            var path = SpecificationTemplate.VersionPath;
            if (document.Find(path[..path.LastIndexOf('.')]) is not SpecMapping)
            {
                return; // a missing, null or mistyped metadata section is reported (or allowed) as such
            }

            switch (document.Find(path))
            {
                case null or SpecScalar { IsNull: true }:
                    Warn(path, $"Missing: the document does not say which template version it follows; it was checked against {template.Version}.");
                    break;
                case SpecScalar scalar when scalar.Text == template.Version:
                    break;
                case var other:
                    Error(path, $"Must be \"{template.Version}\", the version of the template it is checked against; found {Describe(other)}.");
                    break;
            }
        }

        private void Node(string path, SpecNode expected, SpecNode actual)
        {
            if (expected is SpecMapping { Entries.Count: > 0 } shape)
            {
                if (actual is SpecMapping mapping)
                {
                    Mapping(path, shape, mapping);
                }
                else
                {
                    Error(path, $"Expected a mapping with the template's keys; found {Describe(actual)}.");
                }

                return;
            }

            var rule = template.RuleAt(path) ?? throw new InvalidOperationException($"Template {template.Id} has no rule for {path}.");
            if (!rule.IsList)
            {
                Value(path, rule, actual);
            }
            else if (actual is not SpecSequence list)
            {
                Error(path, $"Expected {rule.Describe()}; found {Describe(actual)}.");
            }
            else
            {
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (list.Items[i] is not SpecScalar { IsNull: true })
                    {
                        Value(SpecPath.Index(path, i), rule, list.Items[i]);
                    }
                }
            }
        }

        private void Value(string path, FieldRule rule, SpecNode actual)
        {
            var scalar = actual as SpecScalar;
            var number = 0.0;
            var isNumber = scalar?.TryGetNumber(out number) == true;
            var valid = rule.Kind switch
            {
                ValueKind.Number => isNumber,
                ValueKind.Integer => isNumber && ScalarTyping.IsInteger(scalar!.Text),
                ValueKind.String => scalar is not null,
                ValueKind.Boolean => scalar?.Kind == ScalarKind.Boolean,
                ValueKind.Date => scalar is not null && DateOnly.TryParseExact(scalar.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                ValueKind.Hex => scalar is not null && IsHex(scalar.Text),
                ValueKind.Confidence => isNumber && number is >= 0 and <= 1,
                ValueKind.Enum => scalar is not null && rule.Allowed.Contains(scalar.Text, StringComparer.Ordinal),
                ValueKind.Point => actual is SpecSequence { Items: [SpecScalar x, SpecScalar y] } && IsUnit(x) && IsUnit(y),
                ValueKind.Object => actual is SpecMapping,
                _ => false,
            };
            if (!valid)
            {
                Error(path, $"Expected {rule.DescribeItem(plural: false)}; found {Describe(actual)}.");
            }
        }

        private static bool IsUnit(SpecScalar scalar) => scalar.TryGetNumber(out var value) && value is >= 0 and <= 1;

        private void Error(string path, string message) => issues.Add(new ValidationIssue(path, message, IssueSeverity.Error));

        private void Warn(string path, string message) => issues.Add(new ValidationIssue(path, message, IssueSeverity.Warning));
    }

    public static bool IsHex(string text) => HexColour().IsMatch(text);

    private static string Describe(SpecNode node) => node switch
    {
        SpecMapping => "a mapping",
        SpecSequence => "a list",
        SpecScalar { Kind: ScalarKind.Null } => "null",
        SpecScalar { Kind: ScalarKind.String } scalar => $"the text '{Shorten(scalar.Text)}'",
        SpecScalar scalar => scalar.Text,
        _ => node.GetType().Name,
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    [GeneratedRegex(@"^#[0-9A-Fa-f]{6}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HexColour();
}
