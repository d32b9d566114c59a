using Microsoft.EntityFrameworkCore;
using ProductDescriber.Generation.Persistence;
using ProductDescriber.Generation.Requests;
using ProductDescriber.Specs.Contracts;

namespace ProductDescriber.Generation.Activity;

/// <summary>One piece of a product's background work as the activity feed shows it.</summary>
/// <param name="Kind">ANALYSIS or GENERATION.</param>
internal sealed record ActivityItem(string Kind, long Id, string Status, int? ImagesDone, int? ImagesRequested, DateTimeOffset UpdatedAt)
{
    public (string, long) Key => (Kind, Id);

    public bool IsFinished => Status is not ("PENDING" or "RUNNING");
}

/// <summary>
/// The product's analyses and generations that are unfinished or changed since a moment: what <c>productActivity</c>
/// compares from one read to the next to find what changed. <paramref name="ReadAt"/>: when the read began (the next
/// one looks at changes since a little before it).
/// </summary>
internal sealed record ActivitySnapshot(IReadOnlyList<ActivityItem> Items, DateTimeOffset ReadAt)
{
    private Dictionary<(string, long), ActivityItem>? _byKey;

    /// <summary>The items by kind and id; built once, by the first subscriber that compares against this snapshot.</summary>
    public IReadOnlyDictionary<(string, long), ActivityItem> ByKey => LazyInitializer.EnsureInitialized(ref _byKey, () =>
    {
        var byKey = new Dictionary<(string, long), ActivityItem>(Items.Count);
        foreach (var item in Items)
        {
            byKey[item.Key] = item;
        }

        return byKey;
    });

    public static async Task<ActivitySnapshot> ReadAsync(
        IDbContextFactory<GenerationDbContext> contexts, ISpecificationCatalog specifications, long productId, DateTimeOffset changedSince, DateTimeOffset readAt, CancellationToken cancellationToken)
    {
        var runs = await specifications.ListRunActivityAsync(productId, changedSince, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var requests = await db.Requests.AsNoTracking()
            .Where(r => r.ProductId == productId && (r.Status == GenerationStatus.Pending || r.Status == GenerationStatus.Running || r.UpdatedAt >= changedSince))
            .OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id)
            .Take(100)
            .Select(r => new { r.Id, r.Status, r.ImagesDone, r.Count, r.UpdatedAt })
            .ToListAsync(cancellationToken);

        return new ActivitySnapshot(
        [
            .. runs.Select(r => new ActivityItem("ANALYSIS", r.Id, r.Status, null, null, r.UpdatedAt)),
            .. requests.Select(r => new ActivityItem("GENERATION", r.Id, r.Status.ToString().ToUpperInvariant(), r.ImagesDone, r.Count, r.UpdatedAt)),
        ], readAt);
    }

    /// <summary>Snapshots are equal when they hold the same items in the same states, whenever they were read.</summary>
    internal sealed class Comparer : IEqualityComparer<ActivitySnapshot>
    {
        public static readonly Comparer Instance = new();

        public bool Equals(ActivitySnapshot? x, ActivitySnapshot? y) =>
            x is not null && y is not null && x.Items.SequenceEqual(y.Items);

        public int GetHashCode(ActivitySnapshot obj) => obj.Items.Count;
    }
}
