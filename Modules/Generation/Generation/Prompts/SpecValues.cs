using System.Globalization;
using System.Text.RegularExpressions;

namespace ProductDescriber.Generation.Prompts;

/// <summary>
/// Typed reads of a specification's scalars by path. Every read tolerates what a model or a person may have written:
/// a missing key, a null, a mapping where a value was expected, text where a number was expected. Each gives null
/// then, so the prompt never fails on a document (the earlier version crashed on a null <c>width</c> mapping).
/// </summary>
internal sealed partial class SpecValues(IReadOnlyDictionary<string, string?> fields)
{
    /// <summary>Longest text taken from the document into one line of the prompt; the YAML holds it whole.</summary>
    private const int MaxTextLength = 200;

    /// <summary>Text on one line (runs of white space become one space), shortened to
    /// <see cref="MaxTextLength"/>; null when absent, empty, or an empty collection (<c>[]</c>, <c>{}</c>).</summary>
    public string? Text(string path)
    {
        if (Raw(path) is not { } raw)
        {
            return null;
        }

        var text = Whitespace().Replace(raw, " ").Trim();
        return text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength - 3).TrimEnd(), "...");
    }

    /// <summary>Text whose line breaks matter (a label's words): each line kept, joined by " / ".</summary>
    public string? Lines(string path)
    {
        if (Raw(path) is not { } raw)
        {
            return null;
        }

        var lines = raw.ReplaceLineEndings("\n").Split('\n')
            .Select(line => Whitespace().Replace(line, " ").Trim())
            .Where(line => line.Length > 0);
        var text = string.Join(" / ", lines);
        return text.Length == 0 ? null : text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength - 3).TrimEnd(), "...");
    }

    /// <summary>An enumeration value as words (<c>semi_gloss</c> is "semi gloss"); null for "other", which says
    /// nothing a picture can use (the description or notes say more, and they are in the YAML).</summary>
    public string? Word(string path) =>
        Text(path) is { } text && !text.Equals("other", StringComparison.OrdinalIgnoreCase) ? text.Replace('_', ' ') : null;

    /// <summary>A finite number (as written in the document, read with the invariant culture).</summary>
    public double? Number(string path) =>
        Raw(path) is { } raw && double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;

    /// <summary>A number above zero: a length of 0 means "not measured", never a flat product.</summary>
    public double? Positive(string path) => Number(path) is > 0 and var value ? value : null;

    /// <summary>A percentage from 0 to 100.</summary>
    public double? Percentage(string path) => Number(path) is >= 0 and <= 100 and var value ? value : null;

    /// <summary>A colour as <c>#RRGGBB</c> in upper case; null when it is not one.</summary>
    public string? Hex(string path) => Raw(path)?.Trim() is { } text && HexColour().IsMatch(text) ? text.ToUpperInvariant() : null;

    /// <summary>The hex colours of a list (<c>path[0]</c>, <c>path[1]</c>, ...), in order, those that are not
    /// <c>#RRGGBB</c> left out.</summary>
    public IReadOnlyList<string> Hexes(string path)
    {
        var found = new List<string>();
        for (var i = 0; fields.ContainsKey(Item(path, i)); i++)
        {
            if (Hex(Item(path, i)) is { } hex)
            {
                found.Add(hex);
            }
        }

        return found;
    }

    /// <summary>True or false when the value is a boolean; null otherwise.</summary>
    public bool? Flag(string path) => Raw(path)?.Trim() switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    /// <summary>A number as the prompt writes it: invariant culture, at most three decimals, no trailing zeros
    /// (<c>190</c>, <c>12.5</c>, <c>0.07</c>).</summary>
    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Item(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    /// <summary>The scalar at the path; null for a missing or null one, and for an empty collection's marker.</summary>
    private string? Raw(string path) =>
        fields.TryGetValue(path, out var value) && value is not null && value is not ("[]" or "{}") && !string.IsNullOrWhiteSpace(value)
            ? value
            : null;

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^#[0-9A-Fa-f]{6}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HexColour();
}
