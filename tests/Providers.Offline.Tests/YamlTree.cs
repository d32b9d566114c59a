using YamlDotNet.RepresentationModel;

namespace ProductDescriber.Providers.Offline.Tests;

/// <summary>Reads YAML back with YamlDotNet and flattens it to its leaves, for comparing a reply with a template.</summary>
internal static class YamlTree
{
    public static YamlMappingNode Load(string text)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        return Assert.IsType<YamlMappingNode>(Assert.Single(yaml.Documents).RootNode);
    }

    /// <summary>Every scalar and every list, by dotted path (a list is one leaf: templates give lists as <c>[]</c>).</summary>
    public static Dictionary<string, YamlNode> Leaves(YamlMappingNode root)
    {
        var leaves = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        Walk(root, string.Empty, leaves);
        return leaves;
    }

    public static YamlNode At(YamlMappingNode root, string path)
    {
        YamlNode node = root;
        foreach (var key in path.Split('.'))
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }

        return node;
    }

    /// <summary>The scalar's text; null for YAML null.</summary>
    public static string? Scalar(YamlMappingNode root, string path)
    {
        var scalar = Assert.IsType<YamlScalarNode>(At(root, path));
        return scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "null" or "~" or "" ? null : scalar.Value;
    }

    public static double Number(YamlMappingNode root, string path) =>
        double.Parse(Scalar(root, path)!, System.Globalization.CultureInfo.InvariantCulture);

    public static List<string> Strings(YamlMappingNode root, string path) =>
        [.. Assert.IsType<YamlSequenceNode>(At(root, path)).Children.Select(c => ((YamlScalarNode)c).Value!)];

    /// <summary>A leaf as comparable text: <c>null</c>, <c>[]</c>, the scalar, or the list in flow form.</summary>
    public static string Show(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Style == YamlDotNet.Core.ScalarStyle.Plain && s.Value is "null" ? "null" : $"{s.Style}:{s.Value}",
        YamlSequenceNode l => "[" + string.Join(", ", l.Children.Select(Show)) + "]",
        _ => node.ToString(),
    };

    private static void Walk(YamlNode node, string path, Dictionary<string, YamlNode> leaves)
    {
        if (node is YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
            {
                Walk(value, path.Length == 0 ? ((YamlScalarNode)key).Value! : $"{path}.{((YamlScalarNode)key).Value}", leaves);
            }

            return;
        }

        leaves.Add(path, node);
    }
}
