namespace ProductDescriber.Specs.Yaml;

/// <summary>A node of a parsed specification; <see cref="Line"/> and <see cref="Column"/> (from 1) are where it
/// starts in the text it was read from.</summary>
internal abstract class SpecNode(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}

/// <summary>An ordered mapping with unique string keys (the reader refuses duplicates).</summary>
internal sealed class SpecMapping : SpecNode
{
    private readonly Dictionary<string, SpecNode> byKey;

    public SpecMapping(IReadOnlyList<KeyValuePair<string, SpecNode>> entries, int line, int column)
        : base(line, column)
    {
        Entries = entries;
        byKey = new Dictionary<string, SpecNode>(entries.Count, StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            byKey.Add(key, value);
        }
    }

    public IReadOnlyList<KeyValuePair<string, SpecNode>> Entries { get; }

    public bool ContainsKey(string key) => byKey.ContainsKey(key);

    public SpecNode? Get(string key) => byKey.GetValueOrDefault(key);
}

internal sealed class SpecSequence(IReadOnlyList<SpecNode> items, int line, int column) : SpecNode(line, column)
{
    public IReadOnlyList<SpecNode> Items { get; } = items;
}

/// <summary>A scalar with its type resolved as YAML 1.2's core schema does (see <see cref="ScalarTyping"/>).
/// <see cref="Text"/> keeps a number's text as written (no float noise); nulls and booleans are normalised.</summary>
internal sealed class SpecScalar : SpecNode
{
    public SpecScalar(string text, ScalarKind kind, int line, int column)
        : base(line, column)
    {
        Kind = kind;
        Text = kind switch
        {
            ScalarKind.Null => "null",
            ScalarKind.Boolean => ScalarTyping.IsTrue(text) ? "true" : "false",
            _ => text,
        };
    }

    public ScalarKind Kind { get; }

    public string Text { get; }

    public bool IsNull => Kind == ScalarKind.Null;

    /// <summary>The value as text, or null for a YAML null.</summary>
    public string? Value => IsNull ? null : Text;

    public bool TryGetNumber(out double number)
    {
        number = 0;
        return Kind == ScalarKind.Number && ScalarTyping.TryParseNumber(Text, out number);
    }

    public bool SameValueAs(SpecScalar other) => Kind == other.Kind && string.Equals(Text, other.Text, StringComparison.Ordinal);
}

internal enum ScalarKind
{
    Null,
    Boolean,
    Number,
    String,
}
