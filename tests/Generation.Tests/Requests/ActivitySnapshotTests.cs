using ProductDescriber.Generation.Activity;

namespace ProductDescriber.Generation.Tests.Requests;

/// <summary>What <c>productActivity</c> sends for each shared snapshot: the items that changed since the one before.</summary>
public sealed class ActivitySnapshotTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_items_new_or_in_another_state_are_the_change_in_their_order()
    {
        var first = Snapshot(Generation(1, "RUNNING", 0), Generation(2, "PENDING", 0), Analysis(1, "RUNNING"));
        var second = Snapshot(Generation(1, "RUNNING", 1), Generation(2, "PENDING", 0), Analysis(1, "SUCCEEDED"), Generation(3, "PENDING", 0));

        var changed = second.ChangedSince(first);

        Assert.Equal([(1L, "RUNNING", (int?)1), (1L, "SUCCEEDED", null), (3L, "PENDING", 0)], changed.Select(i => (i.Id, i.Status, i.ImagesDone)));
        Assert.Equal(second.Items, second.ChangedSince(null));
    }

    [Fact]
    public void The_change_between_two_snapshots_is_computed_once_for_every_subscriber()
    {
        var first = Snapshot(Generation(1, "RUNNING", 0));
        var other = Snapshot(Generation(1, "PENDING", 0));
        var second = Snapshot(Generation(1, "RUNNING", 1));

        var forOne = second.ChangedSince(first);
        var forAnother = second.ChangedSince(first);
        var sinceOther = second.ChangedSince(other);

        Assert.Same(forOne, forAnother);
        Assert.NotSame(forOne, sinceOther);
        Assert.Single(sinceOther);
    }

    private static ActivitySnapshot Snapshot(params ActivityItem[] items) => new(items, At);

    private static ActivityItem Generation(long id, string status, int done) => new("GENERATION", id, status, done, 2, At);

    private static ActivityItem Analysis(long id, string status) => new("ANALYSIS", id, status, null, null, At);
}
