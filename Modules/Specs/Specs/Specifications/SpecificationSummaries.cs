using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.Specs.Persistence;

namespace ProductDescriber.Specs.Specifications;

/// <summary>
/// Versions as list views read them: every column but the YAML, the confidences by path and the validation issues,
/// which are most of a row's bytes (a filled template is about 5 KB) and which a page of products rarely asks for.
/// </summary>
internal static class SpecificationSummaries
{
    public static IQueryable<Specification> Summaries(this IQueryable<Specification> specifications) =>
        specifications.AsNoTracking().Select(Columns);

    /// <summary>The projection of <see cref="Summaries"/>, for compiled queries (which cannot call it).</summary>
    public static readonly Expression<Func<Specification, Specification>> Columns = s => new Specification
    {
        Id = s.Id,
        ProductId = s.ProductId,
        Version = s.Version,
        IsActive = s.IsActive,
        TemplateName = s.TemplateName,
        TemplateVersion = s.TemplateVersion,
        Source = s.Source,
        AnalysisRunId = s.AnalysisRunId,
        BasedOnVersion = s.BasedOnVersion,
        ChangeNotes = s.ChangeNotes,
        PrimaryDimensions = s.PrimaryDimensions,
        PrimaryColors = s.PrimaryColors,
        MaterialType = s.MaterialType,
        ConfidenceOverall = s.ConfidenceOverall,
        CreatedById = s.CreatedById,
        CreatedAt = s.CreatedAt,
        ActivatedAt = s.ActivatedAt,
        ActivatedById = s.ActivatedById,
        IsSummary = true,
    };
}

/// <summary>The large columns of versions read as summaries, one query per batch.</summary>
internal sealed class SpecificationDetailsLoader(IDbContextFactory<SpecsDbContext> contexts) : BuildingBlocks.GraphQL.DataLoaders.BatchDataLoader<long, SpecificationDetails>
{
    protected override async Task<IReadOnlyDictionary<long, SpecificationDetails>> LoadBatchAsync(IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Specifications.AsNoTracking()
            .Where(s => keys.Contains(s.Id))
            .Select(s => new { s.Id, s.YamlContent, s.FieldConfidences, s.ValidationIssues })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => new SpecificationDetails(r.YamlContent, r.FieldConfidences, r.ValidationIssues));
    }
}
