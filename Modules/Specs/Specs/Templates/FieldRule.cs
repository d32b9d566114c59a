namespace ProductDescriber.Specs.Templates;

internal enum ValueKind
{
    Number,
    Integer,
    String,
    Boolean,
    Date,
    Hex,
    Confidence,
    Enum,
    Point,
    Object,
}

/// <summary>
/// The rule of one template field, written as the comment on its line: <c>number</c>, <c>integer</c>,
/// <c>string</c>, <c>boolean</c>, <c>date</c>, <c>hex</c>, <c>confidence</c>, <c>point</c>, <c>object</c>,
/// <c>enum: a | b | c</c>, or <c>list of</c> any of these; after a <c>;</c> comes a note for whoever fills it in.
/// </summary>
internal sealed record FieldRule(ValueKind Kind, bool IsList, IReadOnlyList<string> Allowed, string? Note)
{
    private const string ListPrefix = "list of ";
    private const string EnumPrefix = "enum:";

    public static bool TryParse(string comment, out FieldRule? rule, out string? error)
    {
        rule = null;
        var separator = comment.IndexOf(';', StringComparison.Ordinal);
        var text = (separator < 0 ? comment : comment[..separator]).Trim();
        var note = separator < 0 ? null : comment[(separator + 1)..].Trim();
        var isList = text.StartsWith(ListPrefix, StringComparison.Ordinal);
        if (isList)
        {
            text = text[ListPrefix.Length..].Trim();
        }

        if (text.StartsWith(EnumPrefix, StringComparison.Ordinal))
        {
            var values = text[EnumPrefix.Length..].Split('|', StringSplitOptions.TrimEntries);
            if (values.Any(value => value.Length == 0 || value.Any(char.IsWhiteSpace)) || values.Distinct(StringComparer.Ordinal).Count() != values.Length)
            {
                error = $"'{comment}': enum values must be single words separated by |, each once";
                return false;
            }

            rule = new FieldRule(ValueKind.Enum, isList, values, note);
            error = null;
            return true;
        }

        ValueKind? kind = text switch
        {
            "number" => ValueKind.Number,
            "integer" => ValueKind.Integer,
            "string" => ValueKind.String,
            "boolean" => ValueKind.Boolean,
            "date" => ValueKind.Date,
            "hex" => ValueKind.Hex,
            "confidence" => ValueKind.Confidence,
            "point" => ValueKind.Point,
            "object" => ValueKind.Object,
            _ => null,
        };
        if (kind is null)
        {
            error = $"'{comment}' is not a rule (number, integer, string, boolean, date, hex, confidence, point, object, enum: a | b, or list of one of them)";
            return false;
        }

        rule = new FieldRule(kind.Value, isList, [], note);
        error = null;
        return true;
    }

    /// <summary>What a value must be, for messages: "a number", "one of: a, b", "a list of colours".</summary>
    public string Describe() => IsList ? $"a list of {DescribeItem(plural: true)}" : DescribeItem(plural: false);

    public string DescribeItem(bool plural) => (Kind, plural) switch
    {
        (ValueKind.Number, false) => "a number",
        (ValueKind.Number, true) => "numbers",
        (ValueKind.Integer, false) => "a whole number",
        (ValueKind.Integer, true) => "whole numbers",
        (ValueKind.String, false) => "text",
        (ValueKind.String, true) => "texts",
        (ValueKind.Boolean, false) => "true or false",
        (ValueKind.Boolean, true) => "booleans (true or false)",
        (ValueKind.Date, false) => "a date as YYYY-MM-DD",
        (ValueKind.Date, true) => "dates as YYYY-MM-DD",
        (ValueKind.Hex, false) => "a colour as \"#RRGGBB\"",
        (ValueKind.Hex, true) => "colours as \"#RRGGBB\"",
        (ValueKind.Confidence, false) => "a confidence, a number from 0 to 1",
        (ValueKind.Confidence, true) => "confidences (numbers from 0 to 1)",
        (ValueKind.Point, false) => "a point [x, y] with x and y from 0 to 1",
        (ValueKind.Point, true) => "points [x, y] with x and y from 0 to 1",
        (ValueKind.Object, false) => "a mapping",
        (ValueKind.Object, true) => "mappings",
        (ValueKind.Enum, _) => $"{(plural ? "values, each " : string.Empty)}one of: {string.Join(", ", Allowed)}",
        _ => Kind.ToString(),
    };
}
