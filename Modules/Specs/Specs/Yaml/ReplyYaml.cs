namespace ProductDescriber.Specs.Yaml;

/// <summary>
/// Finds the YAML in a model's reply: the first <c>```yaml</c> (or <c>```yml</c>) fenced block, else the first
/// fenced block of any kind, else the whole reply. A fence left open (a reply cut short) runs to the end. What is
/// found is parsed under the same limits as any other YAML, so a huge reply costs one pass over its lines here.
/// </summary>
internal static class ReplyYaml
{
    public static string Extract(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return Fenced(reply, yamlOnly: true) ?? Fenced(reply, yamlOnly: false) ?? reply.Trim();
    }

    private static string? Fenced(string reply, bool yamlOnly)
    {
        var lines = reply.Split('\n');
        for (var open = 0; open < lines.Length; open++)
        {
            if (!IsFence(lines[open], out var info) || (yamlOnly && !IsYaml(info)))
            {
                continue;
            }

            var close = open + 1;
            while (close < lines.Length && !(IsFence(lines[close], out var closing) && closing.Length == 0))
            {
                close++;
            }

            return string.Join('\n', lines[(open + 1)..close].Select(line => line.TrimEnd('\r')));
        }

        return null;
    }

    /// <summary>A fence line: up to three spaces, then three or more backticks, then an optional info word.</summary>
    private static bool IsFence(string line, out string info)
    {
        var text = line.TrimEnd('\r', ' ', '\t');
        var indent = text.Length - text.TrimStart(' ').Length;
        var rest = text.AsSpan(indent);
        var ticks = rest.Length - rest.TrimStart('`').Length;
        info = ticks >= 3 && indent <= 3 ? rest[ticks..].Trim().ToString() : string.Empty;
        return ticks >= 3 && indent <= 3 && !info.Contains('`', StringComparison.Ordinal);
    }

    private static bool IsYaml(string info)
    {
        var word = info.Split(' ', '\t')[0];
        return word.Equals("yaml", StringComparison.OrdinalIgnoreCase) || word.Equals("yml", StringComparison.OrdinalIgnoreCase);
    }
}
