using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;
using YamlDotNet.RepresentationModel;

namespace ProductDescriber.Providers.Offline.Reply;

/// <summary>
/// The template a request carries, read as untrusted input: its tree (filled in place) and the rule written in the
/// comment on each leaf's line (<c>type: null  # enum: opaque | translucent | transparent</c>).
/// </summary>
internal sealed class TemplateYaml
{
    /// <summary>The size cap Specs applies to YAML too; a template is a few kilobytes.</summary>
    public const int MaxBytes = 262_144;

    private readonly Dictionary<long, string> _lineComments;

    private TemplateYaml(string id, YamlMappingNode root, Dictionary<long, string> lineComments)
    {
        Id = id;
        Root = root;
        _lineComments = lineComments;
    }

    public string Id { get; }

    public YamlMappingNode Root { get; }

    /// <exception cref="TemplateRefusedException">Too large, too deep, aliased, not YAML or not a mapping.</exception>
    public static TemplateYaml Parse(string id, string text)
    {
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            throw new TemplateRefusedException($"it is larger than {MaxBytes} bytes");
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new GuardedParser(new Parser(new StringReader(text))));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw new TemplateRefusedException("its document is not a mapping of sections");
            }

            return new TemplateYaml(id, root, LineComments(text));
        }
        catch (YamlException e)
        {
            // Syntax errors and duplicate keys; the message holds the position.
            throw new TemplateRefusedException($"it is not valid YAML: {e.Message}");
        }
    }

    /// <summary>The leaf rule written on the line of <paramref name="key"/>, e.g. "enum: a | b"; null when none.</summary>
    public LeafRule? RuleOf(YamlNode key) =>
        _lineComments.TryGetValue(key.Start.Line, out var comment) ? LeafRule.Parse(comment) : null;

    /// <summary>
    /// Comments that end a line, by line. Read from YamlDotNet's scanner: its parser, with comments on, rejects a
    /// comment after a flow value (<c>list: []  # list of string</c>), which is how templates mark empty lists.
    /// </summary>
    private static Dictionary<long, string> LineComments(string text)
    {
        var comments = new Dictionary<long, string>();
        var scanner = new Scanner(new StringReader(text), skipComments: false);
        while (scanner.MoveNext())
        {
            if (scanner.Current is Comment { IsInline: true } comment)
            {
                comments[comment.Start.Line] = comment.Value.Trim();
            }
        }

        return comments;
    }
}
