using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;

namespace ProductDescriber.Specs;

// Specs' typed payload errors (interface Error); the generic ones are in BuildingBlocks.

/// <summary>YAML that could not be read: where, and why.</summary>
/// <param name="Reason">YAML_SYNTAX, YAML_TOO_LARGE, YAML_TOO_DEEP, YAML_TOO_MANY_NODES, YAML_ALIAS, YAML_DUPLICATE_KEY or YAML_NOT_A_MAPPING.</param>
internal sealed record InvalidYamlError(string Reason, string Message, int? Line, int? Column) : PayloadError(Message)
{
    public override string Code => "INVALID_YAML";
}

/// <summary>YAML that reads but breaks the template's rules (with the template on).</summary>
internal sealed record TemplateViolationError(IReadOnlyList<Specifications.StoredIssue> Issues)
    : PayloadError($"The YAML does not follow its template: {Issues.Count(i => i.Severity == "ERROR")} error(s), first: {Issues.FirstOrDefault(i => i.Severity == "ERROR")?.Path}: {Issues.FirstOrDefault(i => i.Severity == "ERROR")?.Message}")
{
    public override string Code => "TEMPLATE_VIOLATION";
}

internal sealed class InvalidYamlErrorGraphType : PayloadErrorGraphType<InvalidYamlError>
{
    public InvalidYamlErrorGraphType()
        : base("InvalidYamlError", "The YAML could not be read; nothing was stored.")
    {
        Field(e => e.Reason).Description("YAML_SYNTAX, YAML_TOO_LARGE, YAML_TOO_DEEP, YAML_TOO_MANY_NODES, YAML_ALIAS, YAML_DUPLICATE_KEY or YAML_NOT_A_MAPPING.");
        Field(e => e.Line, nullable: true).Description("1-based line of the problem, when known.");
        Field(e => e.Column, nullable: true).Description("1-based column of the problem, when known.");
    }
}

internal sealed class TemplateViolationErrorGraphType : PayloadErrorGraphType<TemplateViolationError>
{
    public TemplateViolationErrorGraphType()
        : base("TemplateViolationError", "The YAML breaks its template's rules; nothing was stored.")
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Specifications.ValidationIssueGraphType>>>>("issues")
            .Description("Every finding, errors and warnings.")
            .Resolve(ctx => ctx.Source.Issues);
    }
}
