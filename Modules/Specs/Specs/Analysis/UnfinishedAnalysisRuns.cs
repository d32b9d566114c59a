using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.Specs.Persistence;

namespace ProductDescriber.Specs.Analysis;

/// <summary>Runs not finished yet, for the recovery sweep: one whose job was lost (a crash between the run's commit
/// and its scheduling, or a job that ended without finishing it) gets a new job.</summary>
internal sealed class UnfinishedAnalysisRuns(IDbContextFactory<SpecsDbContext> contexts) : IUnfinishedWorkSource
{
    public string Kind => AnalysisJob.Kind;

    public async Task<IReadOnlyList<string>> ListUnfinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.AnalysisRuns.AsNoTracking()
            .Where(r => (r.Status == AnalysisStatus.Pending || r.Status == AnalysisStatus.Running) && r.CreatedAt < olderThan)
            .OrderBy(r => r.CreatedAt)
            .Select(r => r.Id)
            .Take(1000)
            .ToListAsync(cancellationToken);
        return [.. ids.Select(id => id.ToString(CultureInfo.InvariantCulture))];
    }
}
