using System.Globalization;
using System.Text;

namespace ProductDescriber.Providers.Offline;

/// <summary>An ordered YAML mapping built in code, written deterministically (strings double-quoted, invariant
/// numbers), so the same measurements always give the same bytes.</summary>
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

internal static class YamlText
{
    public static string Write(YamlMap root, string? header = null)
    {
        var text = new StringBuilder();
        if (header is not null)
        {
            foreach (var line in header.Split('\n'))
            {
                text.Append("# ").Append(line).Append('\n');
            }
        }

        WriteMap(text, root, 0);
        return text.ToString();
    }

    private static void WriteMap(StringBuilder text, YamlMap map, int indent)
    {
        foreach (var (key, value) in map)
        {
            text.Append(' ', indent).Append(key).Append(':');
            WriteValue(text, value, indent);
        }
    }

    private static void WriteValue(StringBuilder text, object? value, int indent)
    {
        switch (value)
        {
            case YamlMap { Count: 0 }:
                text.Append(" {}\n");
                break;
            case YamlMap map:
                text.Append('\n');
                WriteMap(text, map, indent + 2);
                break;
            case YamlFlow flow:
                text.Append(" [").AppendJoin(", ", flow.Items.Select(Scalar)).Append("]\n");
                break;
            case IReadOnlyList<object?> { Count: 0 }:
                text.Append(" []\n");
                break;
            case IReadOnlyList<object?> list:
                text.Append('\n');
                foreach (var item in list)
                {
                    text.Append(' ', indent + 2).Append('-');
                    if (item is YamlMap itemMap)
                    {
                        // The first key goes on the dash line, the rest under it.
                        var first = true;
                        foreach (var (key, itemValue) in itemMap)
                        {
                            text.Append(' ', first ? 1 : indent + 4).Append(key).Append(':');
                            WriteValue(text, itemValue, indent + 4);
                            first = false;
                        }
                    }
                    else
                    {
                        text.Append(' ').Append(Scalar(item)).Append('\n');
                    }
                }

                break;
            default:
                text.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        string s => Quote(s),
        _ => Quote(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };

    private static string Quote(string s)
    {
        var text = new StringBuilder("\"");
        foreach (var c in s)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }
}
