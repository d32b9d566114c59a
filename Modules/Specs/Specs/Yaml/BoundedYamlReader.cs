using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ProductDescriber.Specs.Yaml;

/// <summary>
/// Builds a <see cref="SpecMapping"/> from the parser's events one at a time, enforcing <see cref="YamlLimits"/> as
/// it goes: the depth and node count are checked before a node is added, and the first anchor or alias stops the
/// read, so a hostile document costs little more than the bytes read up to its first offence. Tags are dropped.
/// </summary>
internal sealed class BoundedYamlReader
{
    private readonly Scanner scanner;
    private readonly Parser parser;
    private readonly YamlLimits limits;
    private int nodes;

    private BoundedYamlReader(Scanner scanner, YamlLimits limits)
    {
        this.scanner = scanner;
        parser = new Parser(scanner);
        this.limits = limits;
    }

    /// <exception cref="YamlRefusedException">the document breaks a limit or a rule of ours</exception>
    /// <exception cref="YamlException">the text is not YAML</exception>
    public static SpecMapping Read(string text, YamlLimits limits)
    {
        using var reader = new StringReader(text);
        return new BoundedYamlReader(new Scanner(reader), limits).ReadStream();
    }

    private SpecMapping ReadStream()
    {
        Expect<StreamStart>();
        var start = Next();
        if (start is StreamEnd)
        {
            throw Refuse(YamlProblemCodes.NotAMapping, "The document is empty; a specification is a mapping of sections.", start);
        }

        if (start is not DocumentStart)
        {
            throw Refuse(YamlProblemCodes.Syntax, "Expected the start of a document.", start);
        }

        var first = Next();
        var root = ReadNode(first, depth: 1);
        if (root is not SpecMapping mapping)
        {
            throw Refuse(YamlProblemCodes.NotAMapping, "The document must be a mapping of sections (key: value lines), not a single value or a list.", first);
        }

        Expect<DocumentEnd>();
        var end = Next();
        if (end is not StreamEnd)
        {
            throw Refuse(YamlProblemCodes.Syntax, "Expected one YAML document; a second one starts here.", end);
        }

        return mapping;
    }

    private SpecNode ReadNode(ParsingEvent first, int depth)
    {
        RefuseAnchors(first);
        if (++nodes > limits.MaxNodes)
        {
            throw Refuse(YamlProblemCodes.TooManyNodes, $"The document has more than {limits.MaxNodes} values.", first);
        }

        switch (first)
        {
            case Scalar scalar:
                return Scalar(scalar);
            case MappingStart:
                CheckDepth(first, depth);
                return ReadMapping(first, depth);
            case SequenceStart:
                CheckDepth(first, depth);
                return ReadSequence(first, depth);
            default:
                throw Refuse(YamlProblemCodes.Syntax, "Expected a value.", first);
        }
    }

    private SpecMapping ReadMapping(ParsingEvent start, int depth)
    {
        var entries = new List<KeyValuePair<string, SpecNode>>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var next = Next(); next is not MappingEnd; next = Next())
        {
            RefuseAnchors(next);
            if (next is not Scalar key)
            {
                throw Refuse(YamlProblemCodes.Syntax, "A key must be a single value, not a mapping or a list.", next);
            }

            if (++nodes > limits.MaxNodes)
            {
                throw Refuse(YamlProblemCodes.TooManyNodes, $"The document has more than {limits.MaxNodes} values.", key);
            }

            if (seen.TryGetValue(key.Value, out var firstLine))
            {
                throw Refuse(YamlProblemCodes.DuplicateKey, $"The key '{key.Value}' appears twice in one mapping (first on line {firstLine}).", key);
            }

            seen.Add(key.Value, LineOf(key));
            entries.Add(new(key.Value, ReadNode(Next(), depth + 1)));
        }

        return new SpecMapping(entries, LineOf(start), ColumnOf(start));
    }

    private SpecSequence ReadSequence(ParsingEvent start, int depth)
    {
        var items = new List<SpecNode>();
        for (var next = Next(); next is not SequenceEnd; next = Next())
        {
            items.Add(ReadNode(next, depth + 1));
        }

        return new SpecSequence(items, LineOf(start), ColumnOf(start));
    }

    private static SpecScalar Scalar(Scalar scalar) =>
        new(scalar.Value, ScalarTyping.Resolve(scalar.Value, scalar.Style == ScalarStyle.Plain), LineOf(scalar), ColumnOf(scalar));

    private void CheckDepth(ParsingEvent at, int depth)
    {
        if (depth > limits.MaxDepth)
        {
            throw Refuse(YamlProblemCodes.TooDeep, $"Mappings and lists are nested more than {limits.MaxDepth} deep.", at);
        }
    }

    private static void RefuseAnchors(ParsingEvent at)
    {
        if (at is AnchorAlias || at is NodeEvent { Anchor.IsEmpty: false })
        {
            throw Refuse(YamlProblemCodes.Alias, "Anchors (&name) and aliases (*name) are not accepted; write each value out.", at);
        }
    }

    private ParsingEvent Next()
    {
        bool moved;
        try
        {
            moved = parser.MoveNext();
        }
        catch (Exception bug) when (bug is not YamlException)
        {
            // YamlDotNet's scanner throws plain exceptions on some broken input (an InvalidOperationException for
            // a flow collection that runs over lines at a lower indentation, found by MangledYamlTests): still
            // the text's fault, so a syntax error where the scanner stopped, not a failure of ours.
            var at = scanner.CurrentPosition;
            throw new YamlRefusedException(new YamlProblem(YamlProblemCodes.Syntax, "The YAML cannot be read from here on.", (int)at.Line, (int)at.Column));
        }

        if (!moved || parser.Current is not { } current)
        {
            var at = scanner.CurrentPosition;
            throw new YamlRefusedException(new YamlProblem(YamlProblemCodes.Syntax, "The text ends in the middle of the YAML.", (int)at.Line, (int)at.Column));
        }

        return current;
    }

    private void Expect<T>()
        where T : ParsingEvent
    {
        var next = Next();
        if (next is not T)
        {
            throw Refuse(YamlProblemCodes.Syntax, $"Expected {typeof(T).Name} here.", next);
        }
    }

    private static YamlRefusedException Refuse(string code, string message, ParsingEvent at) =>
        new(new YamlProblem(code, message, LineOf(at), ColumnOf(at)));

    private static int LineOf(ParsingEvent at) => (int)at.Start.Line;

    private static int ColumnOf(ParsingEvent at) => (int)at.Start.Column;
}

/// <summary>Unwinds the reader when a document breaks a limit; never escapes <see cref="SpecDocument.TryParse"/>.</summary>
internal sealed class YamlRefusedException(YamlProblem problem) : Exception(problem.Message)
{
    public YamlProblem Problem { get; } = problem;
}
