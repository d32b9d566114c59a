using System.Buffers;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ProductDescriber.Specs.Yaml;

/// <summary>
/// Writes specifications with YamlDotNet's emitter, the same way every time, so that equal documents have equal
/// text and an unchanged document round-trips to the same bytes (ADR 0026). Canonical form: block mappings in
/// their key order, two-space indentation, lists of plain values (numbers, booleans, nulls) on one line, other
/// lists one item per line, empty collections as <c>{}</c> and <c>[]</c>, multi-line text as literal blocks,
/// strings quoted only when they would otherwise read as something else, no line folding, no comments.
/// </summary>
internal static class SpecWriter
{
    private static readonly EmitterSettings Settings = EmitterSettings.Default
        .WithBestWidth(int.MaxValue)
        .WithIndentedSequences()
        .WithNewLine("\n");

    private static readonly SearchValues<char> OtherLineBreaks = SearchValues.Create("\r\u0085\u2028\u2029");
    private static readonly SearchValues<char> AllLineBreaks = SearchValues.Create("\n\r\u0085\u2028\u2029");

    public static string Block(SpecMapping root) => Write(root, flow: false);

    /// <summary>One line of flow YAML (<c>{hex: '#1A2B3C', name: red}</c>, <c>[0.1, 0.2]</c>, <c>0.5</c>).</summary>
    public static string Flow(SpecNode node) => Write(node, flow: true).TrimEnd('\n');

    private static string Write(SpecNode root, bool flow)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text, Settings);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, root, flow);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, SpecNode node, bool flow)
    {
        switch (node)
        {
            case SpecMapping mapping:
                var mappingStyle = flow || mapping.Entries.Count == 0 ? MappingStyle.Flow : MappingStyle.Block;
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, mappingStyle));
                foreach (var (key, value) in mapping.Entries)
                {
                    emitter.Emit(Key(key));
                    Emit(emitter, value, flow);
                }

                emitter.Emit(new MappingEnd());
                break;
            case SpecSequence sequence:
                var oneLine = flow || sequence.Items.All(item => item is SpecScalar { Kind: not ScalarKind.String });
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, oneLine ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in sequence.Items)
                {
                    Emit(emitter, item, flow);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case SpecScalar scalar:
                emitter.Emit(Scalar(scalar, flow));
                break;
            default:
                throw new InvalidOperationException($"Unknown node {node.GetType().Name}.");
        }
    }

    /// <summary>Keys are always text; quoted on the same terms as string values, never as blocks.</summary>
    private static Scalar Key(string key)
    {
        var style = ScalarTyping.NeedsQuotes(key) ? ScalarStyle.SingleQuoted
            : key.AsSpan().IndexOfAny(AllLineBreaks) >= 0 ? ScalarStyle.DoubleQuoted
            : ScalarStyle.Any;
        return new Scalar(AnchorName.Empty, TagName.Empty, key, style, isPlainImplicit: style == ScalarStyle.Any, isQuotedImplicit: true);
    }

    private static Scalar Scalar(SpecScalar scalar, bool flow)
    {
        if (scalar.Kind != ScalarKind.String)
        {
            return new Scalar(AnchorName.Empty, TagName.Empty, scalar.Text, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false);
        }

        var text = scalar.Text;
        var style = ScalarTyping.NeedsQuotes(text) ? ScalarStyle.SingleQuoted
            // Unquoted and block scalars read other line breaks (\r, NEL, LS, PS) back as "\n" or a space: only
            // escapes keep them.
            : text.AsSpan().IndexOfAny(OtherLineBreaks) >= 0 ? ScalarStyle.DoubleQuoted
            // The emitter falls back to double quotes when a literal block cannot hold the text.
            : !flow && text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ScalarStyle.Any;
        return new Scalar(AnchorName.Empty, TagName.Empty, text, style, isPlainImplicit: style == ScalarStyle.Any, isQuotedImplicit: true);
    }
}
