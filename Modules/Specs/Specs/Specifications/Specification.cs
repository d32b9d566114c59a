using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Specs.Specifications;

/// <summary>How a version came to be.</summary>
internal enum SpecificationSource
{
    /// <summary>Filled by a vision provider in an analysis run.</summary>
    Analysis,

    /// <summary>Edited by a person (<c>updateSpecification</c>).</summary>
    Edit,
}

/// <summary>How <see cref="SpecificationSource"/> is stored (<c>source</c>: 'ANALYSIS' or 'EDIT').</summary>
internal static class SpecificationSourceColumn
{
    public static string Of(SpecificationSource source) => source == SpecificationSource.Analysis ? "ANALYSIS" : "EDIT";

    public static SpecificationSource Parse(string stored) => stored == "ANALYSIS" ? SpecificationSource.Analysis : SpecificationSource.Edit;
}

/// <summary>
/// One version of a product's specification: immutable once written, except for which version is active. Versions
/// are created only by <see cref="SpecificationVersions"/>.
/// </summary>
internal sealed class Specification
{
    public long Id { get; init; }

    public long ProductId { get; init; }

    public int Version { get; init; }

    public bool IsActive { get; set; }

    public string YamlContent { get; init; } = "";

    public string? TemplateName { get; init; }

    public string? TemplateVersion { get; init; }

    public SpecificationSource Source { get; init; }

    public long? AnalysisRunId { get; init; }

    /// <summary>The version an edit started from; null for analyses.</summary>
    public int? BasedOnVersion { get; init; }

    public string? ChangeNotes { get; init; }

    public List<StoredIssue> ValidationIssues { get; init; } = [];

    public PrimaryDimensions? PrimaryDimensions { get; init; }

    public PrimaryColors? PrimaryColors { get; init; }

    public string? MaterialType { get; init; }

    public double? ConfidenceOverall { get; init; }

    public Dictionary<string, double> FieldConfidences { get; init; } = [];

    public long? CreatedById { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When this version last became the active one, and by whom (history in <c>specification_activations</c>).</summary>
    public DateTimeOffset? ActivatedAt { get; set; }

    public long? ActivatedById { get; set; }

    /// <summary>
    /// Read without its large columns (<see cref="YamlContent"/>, <see cref="FieldConfidences"/>,
    /// <see cref="ValidationIssues"/>), as list views and loaders read it; those come from
    /// <c>SpecificationDetailsLoader</c> when a query asks for them.
    /// </summary>
    public bool IsSummary { get; init; }

    public DerivedFields Derived => new(PrimaryDimensions, PrimaryColors, MaterialType, ConfidenceOverall, FieldConfidences);
}

/// <summary>The large columns of a version, loaded only when asked for.</summary>
internal sealed record SpecificationDetails(string YamlContent, Dictionary<string, double> FieldConfidences, List<StoredIssue> ValidationIssues)
{
    public static SpecificationDetails Of(Specification specification) =>
        new(specification.YamlContent, specification.FieldConfidences, specification.ValidationIssues);
}

/// <summary>A validation finding as stored (JSONB) and returned by the API.</summary>
internal sealed record StoredIssue(string Path, string Message, string Severity);

/// <summary>One row of the activation history: every time a version became the active one.</summary>
internal sealed class SpecificationActivation
{
    public long Id { get; init; }

    public long ProductId { get; init; }

    public long SpecificationId { get; init; }

    public int Version { get; init; }

    public long? ActivatedById { get; init; }

    public DateTimeOffset ActivatedAt { get; init; }

    /// <summary>CREATED (a new version became active) or ACTIVATED (an existing one was re-activated).</summary>
    public string Reason { get; init; } = "";
}
