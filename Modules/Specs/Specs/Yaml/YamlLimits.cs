namespace ProductDescriber.Specs.Yaml;

/// <summary>
/// Bounds on a YAML document read from a model's reply or a person's edit (ADR 0026). Size is checked before
/// parsing; depth (nested mappings and lists, the root counting as one) and nodes (keys, values and list items)
/// while the parser's events are read, so a hostile document is refused before anything big is built. Anchors
/// and aliases are always refused.
/// </summary>
internal sealed record YamlLimits(int MaxBytes = 262_144, int MaxDepth = 24, int MaxNodes = 50_000)
{
    public static YamlLimits Default { get; } = new();
}
