using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Templates;

/// <summary><c>specificationTemplates</c>: the templates an analysis can fill, with their text.</summary>
internal static class ListTemplates
{
    public static void AddField(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SpecificationTemplateGraphType>>>, IReadOnlyList<SpecificationTemplate>>("specificationTemplates")
            .Description("The specification templates shipped with this version of the product, newest version first.")
            .Resolve()
            .WithService<TemplateCatalog>()
            .Resolve((_, templates) => templates.All);
}

internal sealed class SpecificationTemplateGraphType : ObjectGraphType<SpecificationTemplate>
{
    public SpecificationTemplateGraphType()
    {
        Name = "SpecificationTemplate";
        Description = "A template a vision provider fills: YAML whose comments state each value's type and allowed values.";
        Field(t => t.Name).Description("e.g. `product-analysis`.");
        Field(t => t.Version).Description("e.g. `1.0`: what `analyzeProduct(input: { templateVersion })` names.");
        Field<NonNullGraphType<BooleanGraphType>>("isDefault").Description("Whether analyses use it when no version is named.")
            .Resolve()
            .WithService<TemplateCatalog>()
            .Resolve((ctx, templates) => ReferenceEquals(ctx.Source, templates.Default));
        Field(t => t.Text).Description("The template itself.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("sections").Description("Its top-level sections, in order.").Resolve(ctx => ctx.Source.Sections);
    }
}
