using System.Globalization;

namespace ProductDescriber.Specs.Yaml;

/// <summary>
/// Paths into a specification: keys joined by dots, list items by index (<c>keypoints.features[2].x</c>). A key
/// holding a dot or a bracket cannot be addressed; the template has none, and a stray one in a document is only
/// shown, never looked up.
/// </summary>
internal static class SpecPath
{
    public static string Key(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    public static string Index(string parent, int index) => string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");

    /// <summary>The node at <paramref name="path"/>, or null when there is none (or the path is malformed).</summary>
    public static SpecNode? Find(SpecNode root, string path)
    {
        SpecNode? node = root;
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            node = (node as SpecMapping)?.Get(bracket < 0 ? part : part[..bracket]);
            for (var rest = bracket < 0 ? string.Empty : part[bracket..]; rest.Length > 0;)
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (node is not SpecSequence list || rest[0] != '[' || close < 2
                    || !int.TryParse(rest.AsSpan(1, close - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    || index >= list.Items.Count)
                {
                    return null;
                }

                node = list.Items[index];
                rest = rest[(close + 1)..];
            }

            if (node is null)
            {
                return null;
            }
        }

        return node;
    }
}
