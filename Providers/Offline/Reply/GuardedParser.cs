using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ProductDescriber.Providers.Offline.Reply;

/// <summary>
/// YamlDotNet's parser with the template's limits applied while it reads, before any node is built: anchors and
/// aliases refused (an alias bomb never expands), nesting depth and node count capped.
/// </summary>
internal sealed class GuardedParser(IParser inner) : IParser
{
    public const int MaxDepth = 24;
    public const int MaxNodes = 50_000;

    private int _depth;
    private int _nodes;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case AnchorAlias alias:
                throw new TemplateRefusedException($"it uses an alias (*{alias.Value}), which templates may not", alias.Start);
            case NodeEvent { Anchor.IsEmpty: false } node:
                throw new TemplateRefusedException($"it uses an anchor (&{node.Anchor}), which templates may not", node.Start);
            case MappingStart or SequenceStart when ++_depth > MaxDepth:
                throw new TemplateRefusedException($"it nests deeper than {MaxDepth} levels", inner.Current.Start);
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }

        if (inner.Current is NodeEvent && ++_nodes > MaxNodes)
        {
            throw new TemplateRefusedException($"it has more than {MaxNodes} nodes", inner.Current.Start);
        }

        return true;
    }
}

/// <summary>A template the Offline provider will not read, and why.</summary>
internal sealed class TemplateRefusedException(string reason, Mark? at = null)
    : Exception(at is { } mark ? $"{reason} (line {mark.Line}, column {mark.Column})" : reason);
