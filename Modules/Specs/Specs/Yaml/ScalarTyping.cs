using System.Globalization;
using System.Text.RegularExpressions;

namespace ProductDescriber.Specs.Yaml;

/// <summary>
/// Types of plain (unquoted) scalars, after YAML 1.2's core schema: null, true/false and finite decimal numbers.
/// Quoted and block scalars are always strings, and tags are ignored (ADR 0026). Hexadecimal and octal integers,
/// <c>.inf</c> and <c>.nan</c> read as strings: no specification field wants them, so they fail a number rule
/// instead of becoming a surprising value.
/// </summary>
internal static partial class ScalarTyping
{
    public static ScalarKind Resolve(string text, bool plain)
    {
        if (!plain)
        {
            return ScalarKind.String;
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
            "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => ScalarKind.Boolean,
            _ when DecimalNumber().IsMatch(text) && TryParseNumber(text, out _) => ScalarKind.Number,
            _ => ScalarKind.String,
        };
    }

    public static bool IsTrue(string text) => text is "true" or "True" or "TRUE";

    public static bool TryParseNumber(string text, out double number) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    public static bool IsInteger(string text) => Integer().IsMatch(text);

    /// <summary>
    /// Whether a string written without quotes could be read back as something else: by us (core schema), or by
    /// YAML 1.1 readers such as PyYAML and js-yaml (yes/no/on/off, dates, sexagesimal and hexadecimal numbers,
    /// .inf). Such strings are written quoted so any reader gets the same text. The single letters y and n, booleans
    /// in the 1.1 spec but not in those readers, stay plain: they are the keypoint coordinates' keys.
    /// </summary>
    public static bool NeedsQuotes(string text) =>
        Resolve(text, plain: true) != ScalarKind.String || Yaml11Word().IsMatch(text) || NumberLike().IsMatch(text);

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DecimalNumber();

    [GeneratedRegex(@"^[-+]?[0-9]+\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Integer();

    [GeneratedRegex(@"^(yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Yaml11Word();

    [GeneratedRegex(@"^[-+]?\.?[0-9][0-9A-Za-z_.:+-]*\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NumberLike();
}
