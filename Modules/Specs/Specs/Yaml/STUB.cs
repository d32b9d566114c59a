// STUB: replaced by the helper's real YAML library at merge.
using ProductDescriber.Specs.Contracts;
namespace ProductDescriber.Specs.Yaml;
internal sealed record YamlLimits(int MaxBytes = 262_144, int MaxDepth = 24, int MaxNodes = 50_000);
internal sealed record YamlProblem(string Code, string Message, int? Line, int? Column);
internal sealed class SpecDocument
{
    public static SpecDocument? TryParse(string text, YamlLimits limits, out YamlProblem? problem) => throw new NotSupportedException();
    public string ToYaml() => throw new NotSupportedException();
    public string? Scalar(string path) => throw new NotSupportedException();
    public bool Has(string path) => throw new NotSupportedException();
    public IEnumerable<(string Path, string? Value)> Leaves() => throw new NotSupportedException();
}
internal static class ReplyYaml { public static string Extract(string reply) => reply; }
internal sealed class SpecificationTemplate { public string Name { get; init; } = ""; public string Version { get; init; } = ""; public string Text { get; init; } = ""; public IReadOnlyList<string> Sections { get; init; } = []; }
internal sealed class TemplateCatalog
{
    public IReadOnlyList<SpecificationTemplate> All { get; } = [];
    public SpecificationTemplate Default => All[0];
    public SpecificationTemplate? Find(string name, string version) => null;
}
internal enum IssueSeverity { Error, Warning }
internal sealed record ValidationIssue(string Path, string Message, IssueSeverity Severity);
internal static class TemplateValidator { public static IReadOnlyList<ValidationIssue> Validate(SpecDocument document, SpecificationTemplate template) => []; }
internal static class DerivedFieldExtractor { public static DerivedFields Extract(SpecDocument document) => throw new NotSupportedException(); }
internal sealed record SpecChange(string Path, string? Before, string? After);
internal static class SpecDiff { public static IReadOnlyList<SpecChange> Compare(SpecDocument before, SpecDocument after) => []; }
