using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ProductDescriber.Providers.Offline.Reply;

/// <summary>
/// Builds YamlDotNet nodes with fixed styles (strings double-quoted, invariant numbers) and writes a document, so the
/// same measurements always give the same bytes.
/// </summary>
internal static class Yaml
{
    private static readonly EmitterSettings Settings = EmitterSettings.Default
        .WithBestWidth(int.MaxValue)
        .WithIndentedSequences()
        .WithNewLine("\n");

    public static YamlScalarNode Text(string value) => new(value) { Style = ScalarStyle.DoubleQuoted };

    public static YamlScalarNode Number(double value) => Plain(value.ToString("0.###", CultureInfo.InvariantCulture));

    public static YamlScalarNode Number(int value) => Plain(value.ToString(CultureInfo.InvariantCulture));

    public static YamlScalarNode Boolean(bool value) => Plain(value ? "true" : "false");

    public static YamlScalarNode Null() => Plain("null");

    public static YamlSequenceNode Texts(IEnumerable<string> values) => List(values.Select(Text));

    /// <summary>A block list, or <c>[]</c> when empty.</summary>
    public static YamlSequenceNode List(IEnumerable<YamlNode> items)
    {
        var list = new YamlSequenceNode(items);
        list.Style = list.Children.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block;
        return list;
    }

    /// <summary>A list on one line (<c>[1, 2, 3]</c>).</summary>
    public static YamlSequenceNode Flow(params int[] values) =>
        new(values.Select(v => (YamlNode)Number(v))) { Style = SequenceStyle.Flow };

    public static YamlMappingNode Map(params (string Key, YamlNode Value)[] entries)
    {
        var map = new YamlMappingNode();
        foreach (var (key, value) in entries)
        {
            map.Add(new YamlScalarNode(key), value);
        }

        return map;
    }

    /// <summary>Null, <c>~</c> or nothing at all: YAML's three spellings of "no value".</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static string Write(YamlMappingNode root, IEnumerable<string> header)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(root)).Save(new PlainDocument(new Emitter(text, Settings), [.. header]), assignAnchors: false);
        return text.ToString();
    }

    private static YamlScalarNode Plain(string value) => new(value) { Style = ScalarStyle.Plain };

    /// <summary>Puts the header comments on top and leaves out the document markers (<c>...</c>) YamlDotNet adds.</summary>
    private sealed class PlainDocument(IEmitter inner, string[] header) : IEmitter
    {
        public void Emit(ParsingEvent @event)
        {
            switch (@event)
            {
                case DocumentStart:
                    inner.Emit(new DocumentStart());
                    foreach (var line in header)
                    {
                        inner.Emit(new Comment(line, isInline: false));
                    }

                    break;
                case DocumentEnd:
                    inner.Emit(new DocumentEnd(isImplicit: true));
                    break;
                default:
                    inner.Emit(@event);
                    break;
            }
        }
    }
}
