using Microsoft.EntityFrameworkCore;
using ProductDescriber.Specs.Analysis;
using ProductDescriber.Specs.Contracts;
using ProductDescriber.Specs.Persistence;
using ProductDescriber.Specs.Specifications;
using ProductDescriber.Specs.Yaml;

namespace ProductDescriber.Specs;

/// <summary>Specs.Contracts' read side: a version parsed once, with its derived fields and every scalar by path.</summary>
internal sealed class SpecificationCatalog(IDbContextFactory<SpecsDbContext> contexts) : ISpecificationCatalog
{
    public async Task<SpecificationInfo?> FindActiveAsync(long productId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.Specifications.AsNoTracking().SingleOrDefaultAsync(s => s.ProductId == productId && s.IsActive, cancellationToken);
        return found is null ? null : ToInfo(found);
    }

    public async Task<SpecificationInfo?> FindAsync(long specificationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.Specifications.AsNoTracking().FirstOrDefaultAsync(s => s.Id == specificationId, cancellationToken);
        return found is null ? null : ToInfo(found);
    }

    public async Task<IReadOnlyList<AnalysisRunState>> ListRunActivityAsync(long productId, DateTimeOffset changedSince, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = await db.AnalysisRuns.AsNoTracking()
            .Where(r => r.ProductId == productId && (r.Status == AnalysisStatus.Pending || r.Status == AnalysisStatus.Running || r.UpdatedAt >= changedSince))
            .OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id)
            .Take(100)
            .Select(r => new { r.Id, r.ProductId, r.Status, r.UpdatedAt })
            .ToListAsync(cancellationToken);
        return [.. runs.Select(r => new AnalysisRunState(r.Id, r.ProductId, r.Status.ToString().ToUpperInvariant(), r.UpdatedAt))];
    }

    public async Task<IReadOnlyDictionary<long, int>> FindActiveVersionsAsync(IReadOnlyCollection<long> productIds, CancellationToken cancellationToken)
    {
        if (productIds.Count == 0)
        {
            return new Dictionary<long, int>();
        }

        var ids = productIds.Distinct().ToArray();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Specifications
            .Where(s => s.IsActive && ids.Contains(s.ProductId))
            .Select(s => new { s.ProductId, s.Version })
            .ToDictionaryAsync(s => s.ProductId, s => s.Version, cancellationToken);
    }

    private static SpecificationInfo ToInfo(Specification specification)
    {
        var document = SpecDocument.TryParse(specification.YamlContent, SpecsLimits.Stored, out var problem)
            ?? throw new InvalidOperationException($"Stored specification {specification.Id} does not parse: {problem?.Message}");
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (path, value) in document.Leaves())
        {
            fields[path] = value;
        }

        return new SpecificationInfo(
            specification.Id,
            specification.ProductId,
            specification.Version,
            specification.IsActive,
            specification.YamlContent,
            specification.TemplateName,
            specification.TemplateVersion,
            specification.Derived,
            fields,
            specification.CreatedAt);
    }
}
