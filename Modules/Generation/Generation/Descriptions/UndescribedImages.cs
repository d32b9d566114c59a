using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ProductDescriber.BuildingBlocks.Jobs;
using ProductDescriber.Generation.Persistence;

namespace ProductDescriber.Generation.Descriptions;

/// <summary>Images whose description is not finished, for the recovery sweep: one whose describe job was lost (a crash
/// between the commit that asked for it and its scheduling, or a job that ended without finishing it) gets a new one.</summary>
internal sealed class UndescribedImages(IDbContextFactory<GenerationDbContext> contexts) : IUnfinishedWorkSource
{
    public string Kind => DescribeImageJob.Kind;

    public async Task<IReadOnlyList<string>> ListUnfinishedAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        // Ordered by the image's age (the partial index), not by when the description was asked for: a re-description
        // of an old image is found at the next sweep, which is harmless since scheduling an existing job keeps it.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.Images.AsNoTracking()
            .Where(i => (i.DescriptionStatus == DescriptionStatus.Pending || i.DescriptionStatus == DescriptionStatus.Running) && i.CreatedAt < olderThan)
            .OrderBy(i => i.CreatedAt)
            .Select(i => i.Id)
            .Take(1000)
            .ToListAsync(cancellationToken);
        return [.. ids.Select(id => id.ToString(CultureInfo.InvariantCulture))];
    }
}
