using ProductDescriber.Specs.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace ProductDescriber.Specs.Templates;

/// <summary>
/// A specification template: a YAML document whose leaves are placeholders, each with its rule in the comment on
/// its line (ADR 0026). <see cref="Text"/> is the file as shipped, comments included, which is what a model reads.
/// </summary>
internal sealed class SpecificationTemplate
{
    /// <summary>The field every template has, holding its own version.</summary>
    public const string VersionPath = "metadata.template_version";

    private SpecificationTemplate(string name, string version, string text, SpecDocument shape, IReadOnlyDictionary<string, FieldRule> rules)
    {
        Name = name;
        Version = version;
        Text = text;
        Shape = shape;
        Rules = rules;
        Sections = [.. shape.Root.Entries.Select(entry => entry.Key)];
    }

    public string Name { get; }

    public string Version { get; }

    /// <summary><c>name@version</c>, e.g. <c>product-analysis@1.0</c>: how providers are told which template they fill.</summary>
    public string Id => $"{Name}@{Version}";

    public string Text { get; }

    /// <summary>The top-level keys, in template order.</summary>
    public IReadOnlyList<string> Sections { get; }

    /// <summary>The template parsed: mappings give the structure, leaves are placeholders.</summary>
    public SpecDocument Shape { get; }

    /// <summary>Leaf path (<c>colors.primary.hex</c>) to its rule; every leaf has one.</summary>
    public IReadOnlyDictionary<string, FieldRule> Rules { get; }

    /// <summary>Reads a template and its rules.</summary>
    /// <exception cref="InvalidOperationException">the template is not valid: a shipped template is a programming
    /// error, so this fails the catalog's construction (and a unit test) rather than a request</exception>
    public static SpecificationTemplate Load(string name, string version, string text)
    {
        var shape = SpecDocument.TryParse(text, YamlLimits.Default, out var problem)
            ?? throw Invalid(name, version, $"{problem!.Message} (line {problem.Line}, column {problem.Column})");
        var comments = InlineComments(text);
        var rules = new Dictionary<string, FieldRule>(StringComparer.Ordinal);
        var fieldOnLine = new Dictionary<int, string>();
        foreach (var (path, leaf) in Leaves(string.Empty, shape.Root))
        {
            if (leaf is SpecSequence { Items.Count: > 0 })
            {
                throw Invalid(name, version, $"{path}: a list in a template is a placeholder and must be empty ([])");
            }

            if (!fieldOnLine.TryAdd(leaf.Line, path))
            {
                throw Invalid(name, version, $"{path} shares line {leaf.Line} with {fieldOnLine[leaf.Line]}: one field per line, so each has its own rule");
            }

            if (!comments.TryGetValue(leaf.Line, out var comment))
            {
                throw Invalid(name, version, $"{path} (line {leaf.Line}) has no rule in a comment on its line");
            }

            if (!FieldRule.TryParse(comment, out var rule, out var error))
            {
                throw Invalid(name, version, $"{path} (line {leaf.Line}): {error}");
            }

            rules.Add(path, rule!);
        }

        if (shape.Scalar(VersionPath) != version)
        {
            throw Invalid(name, version, $"{VersionPath} must hold the template's own version \"{version}\"");
        }

        return new SpecificationTemplate(name, version, text, shape, rules);
    }

    public FieldRule? RuleAt(string path) => Rules.GetValueOrDefault(path);

    private static IEnumerable<(string Path, SpecNode Leaf)> Leaves(string path, SpecMapping mapping)
    {
        foreach (var (key, value) in mapping.Entries)
        {
            var childPath = SpecPath.Key(path, key);
            if (value is SpecMapping { Entries.Count: > 0 } child)
            {
                foreach (var leaf in Leaves(childPath, child))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return (childPath, value);
            }
        }
    }

    /// <summary>
    /// Comments at the end of a line, by line number, from YamlDotNet's scanner. Not from its parser: with comments
    /// on, the parser rejects a comment after a flow collection in a block mapping (<c>points: []  # list of
    /// point</c>), which the scanner tokenises correctly; the leaves' lines come from the comment-free parse.
    /// </summary>
    private static Dictionary<int, string> InlineComments(string text)
    {
        var comments = new Dictionary<int, string>();
        using var reader = new StringReader(text);
        var scanner = new Scanner(reader, skipComments: false);
        while (scanner.MoveNext())
        {
            if (scanner.Current is Comment { IsInline: true } comment)
            {
                comments[(int)comment.Start.Line] = comment.Value.Trim();
            }
        }

        return comments;
    }

    private static InvalidOperationException Invalid(string name, string version, string reason) =>
        new($"Template {name}@{version} is not valid: {reason}.");
}
