using GraphQL;
using GraphQL.DataLoader;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using ProductDescriber.BuildingBlocks.GraphQL.DataLoaders;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Specs.Analysis;
using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Specs.Specifications;

internal sealed class SpecificationGraphType : NodeGraphType<Specification>
{
    public SpecificationGraphType()
        : base(SpecsGraphTypes.Specification, s => s.Id)
    {
        Description = "One version of a product's specification. Versions never change; one of them is the active one.";
        Field(s => s.Version).Description("1, 2, 3... per product, in the order they were created.");
        Field(s => s.IsActive).Description("Whether this is the product's current specification.");
        Field<NonNullGraphType<StringGraphType>, string>("yamlContent")
            .Description("The specification as YAML.")
            .Resolve()
            .WithService<SpecificationDetailsLoader>()
            .ResolveAsync((ctx, details) => Details(ctx.Source, details).Then(d => d.YamlContent));
        Field(s => s.TemplateName, nullable: true).Description("The template it follows (e.g. `product-analysis`); null for a free-form one.");
        Field(s => s.TemplateVersion, nullable: true).Description("The template's version (e.g. `1.0`); null for a free-form one.");
        Field<NonNullGraphType<SpecificationSourceGraphType>>("source").Description("How this version was made.").Resolve(ctx => ctx.Source.Source);
        Field(s => s.BasedOnVersion, nullable: true).Description("For an edit, the version it started from.");
        Field(s => s.ChangeNotes, nullable: true).Description("What the editor said about the change.");
        Field(s => s.CreatedAt).Description("When the version was created.");
        this.AddUserField("createdBy", "Who made it (who requested the analysis, or who edited); null if unknown or deleted.", s => s.CreatedById);
        Field(s => s.ActivatedAt, nullable: true).Description("When this version last became the active one.");
        this.AddUserField("activatedBy", "Who last made this version the active one.", s => s.ActivatedById);
        Field<PrimaryDimensionsGraphType>("primaryDimensions").Description("Width, height and depth from `dimensions.primary`; null when the YAML has none.").Resolve(ctx => ctx.Source.PrimaryDimensions);
        Field<PrimaryColorsGraphType>("primaryColors").Description("Primary, secondary and accent colours from `colors`; null when the YAML has none.").Resolve(ctx => ctx.Source.PrimaryColors);
        Field(s => s.MaterialType, nullable: true).Description("`materials.primary_material.type`.");
        Field(s => s.ConfidenceOverall, nullable: true).Description("`metadata.confidence_overall`, 0 to 1; null when missing or out of range.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FieldConfidenceGraphType>>>, IReadOnlyList<FieldConfidence>>("fieldConfidences")
            .Description("The confidence of every measured field (each mapping with a `confidence`), by path.")
            .Resolve()
            .WithService<SpecificationDetailsLoader>()
            .ResolveAsync((ctx, details) => Details(ctx.Source, details).Then(d =>
                (IReadOnlyList<FieldConfidence>)[.. d.FieldConfidences.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new FieldConfidence(p.Key, p.Value))]));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ValidationIssueGraphType>>>, IReadOnlyList<StoredIssue>>("validationIssues")
            .Description("What the template's rules found (warnings only: a version with errors is never stored). Empty for free-form specifications.")
            .Resolve()
            .WithService<SpecificationDetailsLoader>()
            .ResolveAsync((ctx, details) => Details(ctx.Source, details).Then(d => (IReadOnlyList<StoredIssue>)d.ValidationIssues));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SpecificationChangeGraphType>>>, IReadOnlyList<SpecChangeView>>("diff")
            .Description("What changed from version `againstVersion` of the same product to this one: one entry per leaf added, removed or changed.")
            .Argument<NonNullGraphType<IntGraphType>>("againstVersion", "The version to compare with (older or newer).")
            .Resolve()
            .WithServices<SpecificationByVersionLoader, SpecificationDetailsLoader>()
            .ResolveAsync(async (ctx, versions, details) =>
            {
                var other = await versions.LoadAsync((ctx.Source.ProductId, ctx.GetArgument<int>("againstVersion"))).GetResultAsync(ctx.CancellationToken)
                    ?? throw new ExecutionError($"The product has no version {ctx.GetArgument<int>("againstVersion")}.") { Code = "NOT_FOUND" };
                var before = Details(other, details);
                var after = Details(ctx.Source, details);
                return SpecificationDiffs.Between(
                    (await before.GetResultAsync(ctx.CancellationToken)).YamlContent,
                    (await after.GetResultAsync(ctx.CancellationToken)).YamlContent);
            });
        Field<AnalysisRunGraphType, AnalysisRun?>("analysisRun")
            .Description("The analysis run that made this version; null for edits.")
            .Resolve()
            .WithService<AnalysisRunByIdLoader>()
            .ResolveAsync((ctx, runs) => ctx.Source.AnalysisRunId is { } id ? runs.LoadAsync(id) : new ReadyResult<AnalysisRun?>(null));
        this.AddProductField("The product this version describes.", s => s.ProductId);
    }

    /// <summary>The large columns: already there for a version read whole, else from the batch loader.</summary>
    private static IDataLoaderResult<SpecificationDetails> Details(Specification specification, SpecificationDetailsLoader loader) =>
        specification.IsSummary
            ? loader.LoadAsync(specification.Id).Then(d => d ?? throw new InvalidOperationException($"Specification {specification.Id} vanished."))
            : new ReadyResult<SpecificationDetails>(SpecificationDetails.Of(specification));
}

internal sealed class SpecificationSourceGraphType : EnumerationGraphType<SpecificationSource>
{
    public SpecificationSourceGraphType()
    {
        Name = "SpecificationSource";
        Description = "How a specification version was made.";
    }
}

internal sealed record FieldConfidence(string Path, double Confidence);

internal sealed class FieldConfidenceGraphType : ObjectGraphType<FieldConfidence>
{
    public FieldConfidenceGraphType()
    {
        Name = "FieldConfidence";
        Description = "How sure the analysis was of one measured field.";
        Field(f => f.Path).Description("The field's path in the YAML, e.g. `dimensions.primary.width`.");
        Field(f => f.Confidence).Description("0 (a guess) to 1 (certain).");
    }
}

internal sealed class ValidationIssueGraphType : ObjectGraphType<StoredIssue>
{
    public ValidationIssueGraphType()
    {
        Name = "ValidationIssue";
        Description = "A finding of the template's rules.";
        Field(i => i.Path).Description("Where, e.g. `colors.primary.hex`.");
        Field(i => i.Message).Description("What is wrong.");
        Field(i => i.Severity).Description("ERROR (the YAML breaks a rule) or WARNING (e.g. a key the template does not know).");
    }
}

internal sealed record SpecChangeView(string Path, string? Before, string? After, string Kind);

internal sealed class SpecificationChangeGraphType : ObjectGraphType<SpecChangeView>
{
    public SpecificationChangeGraphType()
    {
        Name = "SpecificationChange";
        Description = "One difference between two versions.";
        Field(c => c.Path).Description("The leaf (or subtree) that differs, e.g. `colors.primary.hex`, `keypoints.features[2].x`.");
        Field(c => c.Before, nullable: true).Description("The value in the other version (YAML flow text); null when it was absent.");
        Field(c => c.After, nullable: true).Description("The value in this version (YAML flow text); null when it is absent.");
        Field(c => c.Kind).Description("ADDED, REMOVED or CHANGED.");
    }
}

internal sealed class PrimaryDimensionsGraphType : ObjectGraphType<PrimaryDimensions>
{
    public PrimaryDimensionsGraphType()
    {
        Name = "PrimaryDimensions";
        Description = "The product's main measurements.";
        Field(d => d.Width, nullable: true).Description("Width in `unit`.");
        Field(d => d.Height, nullable: true).Description("Height in `unit`.");
        Field(d => d.Depth, nullable: true).Description("Depth in `unit`.");
        Field(d => d.Unit).Description("Unit of the three, `mm` unless the YAML says otherwise.");
    }
}

internal sealed class PrimaryColorsGraphType : ObjectGraphType<PrimaryColors>
{
    public PrimaryColorsGraphType()
    {
        Name = "PrimaryColors";
        Description = "The product's main colours.";
        Field<ColorSwatchGraphType>("primary").Description("The largest colour.").Resolve(ctx => ctx.Source.Primary);
        Field<ColorSwatchGraphType>("secondary").Description("The second colour.").Resolve(ctx => ctx.Source.Secondary);
        Field<ColorSwatchGraphType>("accent").Description("An accent colour.").Resolve(ctx => ctx.Source.Accent);
    }
}

internal sealed class ColorSwatchGraphType : ObjectGraphType<ColorSwatch>
{
    public ColorSwatchGraphType()
    {
        Name = "ColorSwatch";
        Description = "One colour of the product.";
        Field(c => c.Hex, nullable: true).Description("`#RRGGBB`.");
        Field(c => c.Name, nullable: true).Description("A name for it, e.g. `teal`.");
        Field(c => c.Coverage, nullable: true).Description("Share of the product's visible surface, 0 to 100.");
    }
}
