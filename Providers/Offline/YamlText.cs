using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ProductDescriber.Providers.Offline;

/// <summary>An ordered YAML mapping built in code: keys are written in the order they were set.</summary>
internal sealed class YamlMap : List<KeyValuePair<string, object?>>
{
    public YamlMap Set(string key, object? value)
    {
        Add(new(key, value));
        return this;
    }
}

/// <summary>A list written on one line (<c>[1, 2, 3]</c>).</summary>
internal sealed record YamlFlow(IReadOnlyList<object?> Items);

/// <summary>
/// Writes a <see cref="YamlMap"/> with YamlDotNet's emitter, deterministically (strings double-quoted, invariant
/// numbers, no line folding), so the same measurements always give the same bytes. Emitting events rather than
/// serialising an object graph is what keeps the key order and the choice of styles ours.
/// </summary>
internal static class YamlText
{
    private static readonly EmitterSettings Settings = EmitterSettings.Default
        .WithBestWidth(int.MaxValue)
        .WithIndentedSequences()
        .WithNewLine("\n");

    public static string Write(YamlMap root, string? header = null)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text, Settings);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        foreach (var line in header?.Split('\n') ?? [])
        {
            emitter.Emit(new Comment(line, isInline: false));
        }

        Emit(emitter, root);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, object? value)
    {
        switch (value)
        {
            case YamlMap map:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, map.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, item) in map)
                {
                    emitter.Emit(new Scalar(null, null, key, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                    Emit(emitter, item);
                }

                emitter.Emit(new MappingEnd());
                break;
            case YamlFlow flow:
                Sequence(emitter, flow.Items, SequenceStyle.Flow);
                break;
            case IReadOnlyList<object?> list:
                Sequence(emitter, list, list.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block);
                break;
            default:
                Scalar(emitter, value);
                break;
        }
    }

    private static void Sequence(IEmitter emitter, IReadOnlyList<object?> items, SequenceStyle style)
    {
        emitter.Emit(new SequenceStart(null, null, isImplicit: true, style));
        foreach (var item in items)
        {
            Emit(emitter, item);
        }

        emitter.Emit(new SequenceEnd());
    }

    private static void Scalar(IEmitter emitter, object? value)
    {
        var (text, style) = value switch
        {
            null => ("null", ScalarStyle.Plain),
            bool b => (b ? "true" : "false", ScalarStyle.Plain),
            int i => (i.ToString(CultureInfo.InvariantCulture), ScalarStyle.Plain),
            double d => (d.ToString("0.###", CultureInfo.InvariantCulture), ScalarStyle.Plain),
            string s => (s, ScalarStyle.DoubleQuoted),
            _ => (Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, ScalarStyle.DoubleQuoted),
        };
        emitter.Emit(new Scalar(null, null, text, style, isPlainImplicit: style == ScalarStyle.Plain, isQuotedImplicit: style != ScalarStyle.Plain));
    }
}
