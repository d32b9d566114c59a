using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.GraphQL.Errors;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Catalog.Contracts;
using ProductDescriber.Specs.Persistence;
using ProductDescriber.Specs.Templates;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs.Specifications;

/// <summary><c>updateSpecification</c>: edited YAML becomes a new active version; the edited one stays as it was.</summary>
internal static class UpdateSpecification
{
    public const int MaxChangeNotesLength = 2000;

    public static void AddField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<SpecificationPayloadGraphType>, SpecificationPayload>("updateSpecification")
            .Description("Saves edited YAML as a new version of the product's specification and makes it the active one. The YAML is checked against the edited version's template; nothing is stored when it does not read or breaks a rule.")
            .Argument<NonNullGraphType<UpdateSpecificationInputGraphType>>("input")
            .Resolve()
            .WithScope()
            .WithService<UpdateSpecificationHandler>()
            .ResolveAsync(async (ctx, handler) =>
                await handler.UpdateAsync(ctx.GetArgument<UpdateSpecificationInput>("input"), ctx.User.GetUserId(), ctx.CancellationToken));
}

internal sealed class UpdateSpecificationInput
{
    public string SpecificationId { get; init; } = "";

    public string YamlContent { get; init; } = "";

    public string? ChangeNotes { get; init; }
}

internal sealed class UpdateSpecificationInputGraphType : InputObjectGraphType<UpdateSpecificationInput>
{
    public UpdateSpecificationInputGraphType()
    {
        Name = "UpdateSpecificationInput";
        Field<NonNullGraphType<IdGraphType>>("specificationId").Description("The version edited (any version of the product, active or not).");
        Field(i => i.YamlContent).Description($"The whole edited YAML (at most {SpecsLimits.Input.MaxBytes / 1024} KiB, nesting depth {SpecsLimits.Input.MaxDepth}; anchors and aliases are refused).");
        Field(i => i.ChangeNotes, nullable: true).Description($"What changed and why, at most {UpdateSpecification.MaxChangeNotesLength} characters.");
    }
}

internal sealed class UpdateSpecificationHandler(SpecsDbContext db, IProductCatalog catalog, TemplateCatalog templates, SpecificationVersions versions)
{
    public async Task<SpecificationPayload> UpdateAsync(UpdateSpecificationInput input, long? callerId, CancellationToken cancellationToken)
    {
        if (!SpecsIds.TrySpecification(input.SpecificationId, out var id)
            || await db.Specifications.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } edited)
        {
            return SpecificationPayload.Failed(SpecsIds.SpecificationNotFound);
        }

        var notes = string.IsNullOrWhiteSpace(input.ChangeNotes) ? null : input.ChangeNotes.Trim();
        if (notes?.Length > UpdateSpecification.MaxChangeNotesLength)
        {
            return SpecificationPayload.Failed(new ValidationError("changeNotes", $"Change notes are limited to {UpdateSpecification.MaxChangeNotesLength} characters."));
        }

        if (await catalog.FindProductAsync(edited.ProductId, cancellationToken) is not { } product)
        {
            return SpecificationPayload.Failed(SpecsIds.ProductNotFound);
        }

        if (product.IsArchived)
        {
            return SpecificationPayload.Failed(new ProductArchivedError(SpecsIds.Product(product.Id)));
        }

        if (SpecDocument.TryParse(input.YamlContent, SpecsLimits.Input, out var problem) is not { } document)
        {
            return SpecificationPayload.Failed(new InvalidYamlError(problem!.Code, problem.Message, problem.Line, problem.Column));
        }

        IReadOnlyList<ValidationIssue> issues = [];
        if (edited.TemplateName is { } name && edited.TemplateVersion is { } version && templates.Find(name, version) is { } template)
        {
            issues = TemplateValidator.Validate(document, template);
            if (issues.Any(i => i.Severity == IssueSeverity.Error))
            {
                return SpecificationPayload.Failed(new TemplateViolationError([.. issues.Select(StoredIssues.From)]));
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var created = await versions.CreateAsync(
                db,
                new NewVersion(product, document, SpecificationSource.Edit, edited.TemplateName, edited.TemplateVersion, issues, callerId, BasedOnVersion: edited.Version, ChangeNotes: notes),
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await versions.BackUpAsync(db, product, created, CancellationToken.None);
            return SpecificationPayload.Of(created);
        }
        catch (DbUpdateException exception) when (SpecificationVersions.IsProductGone(exception))
        {
            return SpecificationPayload.Failed(SpecsIds.ProductNotFound);
        }
    }
}
