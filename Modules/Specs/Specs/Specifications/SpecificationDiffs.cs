using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Specifications;

/// <summary><c>Specification.diff</c>: the stored YAML of two versions compared leaf by leaf.</summary>
internal static class SpecificationDiffs
{
    public static IReadOnlyList<SpecChangeView> Between(string before, string after)
    {
        var from = Parse(before);
        var to = Parse(after);
        return [.. SpecDiff.Compare(from, to).Select(c => new SpecChangeView(c.Path, c.Before, c.After, KindOf(c)))];
    }

    private static string KindOf(SpecChange change) => (change.Before, change.After) switch
    {
        (null, _) => "ADDED",
        (_, null) => "REMOVED",
        _ => "CHANGED",
    };

    // Stored versions passed the same limits when they were written; a failure here is a bug, not input.
    private static SpecDocument Parse(string yaml) =>
        SpecDocument.TryParse(yaml, SpecsLimits.Stored, out var problem)
            ?? throw new InvalidOperationException($"A stored specification does not parse: {problem?.Message}");
}

/// <summary>The YAML limits Specs applies: to people's edits and to models' replies alike.</summary>
internal static class SpecsLimits
{
    public static readonly YamlLimits Input = new();

    /// <summary>Text Specs wrote itself (canonical re-serialisation of accepted input): the same limits, with headroom.</summary>
    public static readonly YamlLimits Stored = new(MaxBytes: Input.MaxBytes * 2, MaxDepth: Input.MaxDepth + 2, MaxNodes: Input.MaxNodes * 2);
}
