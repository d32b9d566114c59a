using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.Generation.Jobs;
using ProductDescriber.Generation.Persistence;

namespace ProductDescriber.Generation.Requests;

/// <summary>Requests not finished yet, for the recovery sweep: one whose job was lost (a crash between the request's
/// commit and its scheduling, or a job that ended without finishing it) gets a new job.</summary>
internal sealed class UnfinishedGenerationRequests(IDbContextFactory<GenerationDbContext> contexts) : IUnfinishedWorkSource
{
    public string Kind => GenerationJob.Kind;

    public async Task<IReadOnlyList<string>> ListUnfinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.Requests.AsNoTracking()
            .Where(r => (r.Status == GenerationStatus.Pending || r.Status == GenerationStatus.Running) && r.CreatedAt < olderThan)
            .OrderBy(r => r.CreatedAt)
            .Select(r => r.Id)
            .Take(1000)
            .ToListAsync(cancellationToken);
        return [.. ids.Select(id => id.ToString(CultureInfo.InvariantCulture))];
    }
}
