using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ProductDescriber.Providers.Offline.Reply;

/// <summary>
/// The rule a template states for a leaf in its line comment (<c># number</c>, <c># confidence</c>,
/// <c># enum: a | b</c>, <c># list of hex</c>, ...), used to check a value before it is written. A comment that is
/// not a known rule allows anything: the template, not the provider, decides what is checked.
/// </summary>
internal sealed partial record LeafRule(string Kind, IReadOnlyList<string> Options)
{
    public static LeafRule Parse(string comment)
    {
        var text = comment.Trim();
        if (text.StartsWith("enum:", StringComparison.OrdinalIgnoreCase))
        {
            return new LeafRule("enum", [.. text[5..].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]);
        }

        return new LeafRule(text.ToLowerInvariant(), []);
    }

    /// <summary>Why <paramref name="value"/> breaks the rule, or null when it keeps it.</summary>
    public string? Refusal(YamlNode value)
    {
        if (Kind.StartsWith("list of ", StringComparison.Ordinal))
        {
            if (value is not YamlSequenceNode list)
            {
                return "the template wants a list";
            }

            var item = new LeafRule(Kind["list of ".Length..], []);
            return list.Children.Select(item.Refusal).FirstOrDefault(r => r is not null);
        }

        if (value is not YamlScalarNode { Value: { } text } scalar)
        {
            return Kind is "number" or "integer" or "confidence" or "string" or "hex" or "date" or "boolean" or "enum"
                ? $"the template wants a single {Kind} value"
                : null;
        }

        var quoted = scalar.Style is YamlDotNet.Core.ScalarStyle.DoubleQuoted or YamlDotNet.Core.ScalarStyle.SingleQuoted;
        var number = !quoted && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : (double?)null;
        return Kind switch
        {
            "enum" when !Options.Contains(text, StringComparer.Ordinal) =>
                $"\"{text}\" is not one the template allows ({string.Join(" | ", Options)})",
            "number" when number is null => $"\"{text}\" is not a number",
            "integer" when quoted || !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) =>
                $"\"{text}\" is not an integer",
            "confidence" when number is not (>= 0 and <= 1) => $"\"{text}\" is not a confidence between 0 and 1",
            "hex" when !HexColour().IsMatch(text) => $"\"{text}\" is not a #RRGGBB colour",
            "date" when !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) =>
                $"\"{text}\" is not a yyyy-MM-dd date",
            "boolean" when quoted || text is not ("true" or "false") => $"\"{text}\" is not true or false",
            _ => null,
        };
    }

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColour();
}
