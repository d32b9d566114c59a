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
    private static long s_lastSequence;

    private ChangeSet? _changes;

    /// <summary>Tells snapshots apart without holding on to them (see <see cref="ChangedSince"/>).</summary>
    public long Sequence { get; } = Interlocked.Increment(ref s_lastSequence);

    /// <summary>
    /// The items new or in another state than in <paramref name="previous"/> (all of them after none), in order.
    /// Every subscriber of a product compares the same two shared snapshots, so the answer is kept for the next one
    /// that asks: the comparison costs one pass per change, not one per subscriber. Only the previous snapshot's
    /// <see cref="Sequence"/> is kept, so a snapshot never keeps the ones before it alive.
    /// </summary>
    public IReadOnlyList<ActivityItem> ChangedSince(ActivitySnapshot? previous)
    {
        if (previous is null)
        {
            return Items;
        }

        if (Volatile.Read(ref _changes) is { } known && known.PreviousSequence == previous.Sequence)
        {
            return known.Items;
        }

        var before = new Dictionary<(string, long), ActivityItem>(previous.Items.Count);
        foreach (var item in previous.Items)
        {
            before[item.Key] = item;
        }

        var changed = Items
            .Where(item => !before.TryGetValue(item.Key, out var was) || was.Status != item.Status || was.ImagesDone != item.ImagesDone)
            .ToArray();
        Volatile.Write(ref _changes, new ChangeSet(previous.Sequence, changed));
        return changed;
    }

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

    private sealed record ChangeSet(long PreviousSequence, ActivityItem[] Items);

    /// <summary>Snapshots are equal when they hold the same items in the same states, whenever they were read.</summary>
    internal sealed class Comparer : IEqualityComparer<ActivitySnapshot>
    {
        public static readonly Comparer Instance = new();

        public bool Equals(ActivitySnapshot? x, ActivitySnapshot? y) =>
            x is not null && y is not null && x.Items.SequenceEqual(y.Items);

        public int GetHashCode(ActivitySnapshot obj) => obj.Items.Count;
    }
}
