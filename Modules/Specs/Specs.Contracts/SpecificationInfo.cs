namespace ProductDescriber.Specs.Contracts;

/// <summary>One version of a product's specification as other modules see it.</summary>
/// <param name="YamlContent">The YAML as stored (canonical form).</param>
/// <param name="TemplateName">The template it follows (e.g. <c>product-analysis</c>); null for a free-form one.</param>
/// <param name="Derived">Fields read from the YAML for fast use: dimensions, colours, material, confidences.</param>
/// <param name="Fields">Every scalar of the YAML by path (<c>materials.primary_material.type</c>, <c>labels.primary_label.content.text</c>,
/// <c>keypoints.features[0].x</c>), null values included: what a prompt builder reads without parsing YAML again.</param>
public sealed record SpecificationInfo(
    long Id,
    long ProductId,
    int Version,
    bool IsActive,
    string YamlContent,
    string? TemplateName,
    string? TemplateVersion,
    DerivedFields Derived,
    IReadOnlyDictionary<string, string?> Fields,
    DateTimeOffset CreatedAt);
