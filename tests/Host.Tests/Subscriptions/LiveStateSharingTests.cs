using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.Host.Tests.WebSockets;
using ProductDescriber.PostgreSQL.Events;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Subscriptions;

/// <summary>
/// Subscribers of one topic on one Host share one read loop (docs/adr/0031): one read per event whoever watches,
/// one bus subscription, and each subscriber still gets the current state first and leaves on its own.
/// </summary>
public sealed class LiveStateSharingTests(EventsHostFixture fixture) : IClassFixture<EventsHostFixture>
{
    private const int Subscribers = 5;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private IEventBus Bus => fixture.Host.GetService<IEventBus>();

    private PostgresEventBus Events => fixture.Host.GetService<PostgresEventBus>();

    [Fact]
    public async Task Many_subscribers_of_one_topic_cost_one_read_per_event_and_one_bus_subscription()
    {
        var state = new WatchedState();
        var recorders = Enumerable.Range(0, Subscribers).Select(_ => new StreamRecorder<WatchedState.Snapshot>()).ToList();
        var subscriptions = recorders.Select(r => state.Watch(fixture.Host.Services).Subscribe(r)).ToList();
        await Eventually.AssertAsync(() => Assert.All(recorders, r => Assert.Equal(["PENDING"], Statuses(r))));
        Assert.Equal(1, state.Reads);
        Assert.Equal(1, Events.SubscriberCount(state.Topic));

        await ChangeAsync(state, "RUNNING");
        await Eventually.AssertAsync(() => Assert.All(recorders, r => Assert.Equal(["PENDING", "RUNNING"], Statuses(r))));
        Assert.Equal(2, state.Reads);

        await ChangeAsync(state, "SUCCEEDED");
        await Task.WhenAll(recorders.Select(r => r.Ended.Task)).WaitAsync(Wait);
        Assert.All(recorders, r => Assert.True(r.Completed));
        Assert.All(recorders, r => Assert.Equal(["PENDING", "RUNNING", "SUCCEEDED"], Statuses(r)));
        Assert.Equal(3, state.Reads);
        subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task A_subscriber_joining_mid_stream_gets_the_current_state_first_without_a_read_of_its_own()
    {
        var state = new WatchedState();
        var first = new StreamRecorder<WatchedState.Snapshot>();
        using var one = state.Watch(fixture.Host.Services).Subscribe(first);
        await Eventually.AssertAsync(() => Assert.Equal(["PENDING"], Statuses(first)));
        await ChangeAsync(state, "RUNNING");
        await Eventually.AssertAsync(() => Assert.Equal(["PENDING", "RUNNING"], Statuses(first)));
        var reads = state.Reads;

        var late = new StreamRecorder<WatchedState.Snapshot>();
        using var two = state.Watch(fixture.Host.Services).Subscribe(late);

        Assert.Equal(["RUNNING"], Statuses(late));
        Assert.Equal(reads, state.Reads);
        await ChangeAsync(state, "FAILED");
        await late.Ended.Task.WaitAsync(Wait);
        Assert.Equal(["RUNNING", "FAILED"], Statuses(late));
    }

    [Fact]
    public async Task A_subscriber_joining_while_a_read_runs_gets_the_last_state_then_what_that_read_finds()
    {
        var state = new WatchedState();
        var first = new StreamRecorder<WatchedState.Snapshot>();
        using var one = state.Watch(fixture.Host.Services).Subscribe(first);
        await Eventually.AssertAsync(() => Assert.Equal(["PENDING"], Statuses(first)));
        state.Hold();
        await ChangeAsync(state, "RUNNING");
        await state.ReadHeld.Task.WaitAsync(Wait);

        var late = new StreamRecorder<WatchedState.Snapshot>();
        using var two = state.Watch(fixture.Host.Services).Subscribe(late);
        state.Release();

        await Eventually.AssertAsync(() => Assert.Equal(["PENDING", "RUNNING"], Statuses(late)));
        Assert.Equal(["PENDING", "RUNNING"], Statuses(first));
    }

    [Fact]
    public async Task A_subscriber_leaving_does_not_stop_the_others_and_the_last_one_leaving_stops_the_reads()
    {
        var state = new WatchedState();
        var staying = new StreamRecorder<WatchedState.Snapshot>();
        var leaving = new StreamRecorder<WatchedState.Snapshot>();
        var stays = state.Watch(fixture.Host.Services).Subscribe(staying);
        var leaves = state.Watch(fixture.Host.Services).Subscribe(leaving);
        await Eventually.AssertAsync(() => Assert.All(new[] { staying, leaving }, r => Assert.Equal(["PENDING"], Statuses(r))));

        leaves.Dispose();
        await ChangeAsync(state, "RUNNING");

        await Eventually.AssertAsync(() => Assert.Equal(["PENDING", "RUNNING"], Statuses(staying)));
        Assert.Equal(["PENDING"], Statuses(leaving));
        Assert.False(leaving.Ended.Task.IsCompleted);
        Assert.Equal(1, Events.SubscriberCount(state.Topic));

        state.Hold();
        await Bus.PublishAsync(state.Topic, "look again");
        await state.ReadHeld.Task.WaitAsync(Wait);
        stays.Dispose();

        Assert.Equal(0, Events.SubscriberCount(state.Topic));
        await Eventually.AssertAsync(() => Assert.Equal(1, state.CancelledReads));
    }

    [Fact]
    public async Task A_subscriber_coming_after_everyone_left_starts_afresh_with_a_new_read()
    {
        var state = new WatchedState();
        var before = new StreamRecorder<WatchedState.Snapshot>();
        using (state.Watch(fixture.Host.Services).Subscribe(before))
        {
            await Eventually.AssertAsync(() => Assert.Equal(["PENDING"], Statuses(before)));
        }

        state.Status = "RUNNING"; // no event: nobody listens
        var after = new StreamRecorder<WatchedState.Snapshot>();
        using var again = state.Watch(fixture.Host.Services).Subscribe(after);

        await Eventually.AssertAsync(() => Assert.Equal(["RUNNING"], Statuses(after)));
        Assert.Equal(2, state.Reads);
    }

    [Fact]
    public async Task Every_subscriber_gets_NOT_FOUND_and_a_later_one_reads_again()
    {
        var state = new WatchedState { Status = null };
        state.Hold();
        var recorders = Enumerable.Range(0, Subscribers).Select(_ => new StreamRecorder<WatchedState.Snapshot>()).ToList();
        var subscriptions = recorders.Select(r => state.Watch(fixture.Host.Services).Subscribe(r)).ToList();
        await state.ReadHeld.Task.WaitAsync(Wait);
        state.Release();

        await Task.WhenAll(recorders.Select(r => r.Ended.Task)).WaitAsync(Wait);
        Assert.All(recorders, r => Assert.Equal("NOT_FOUND", r.ExecutionError?.Code));
        Assert.All(recorders, r => Assert.Empty(r.Values));
        Assert.Equal(1, state.Reads);
        Assert.Equal(0, Events.SubscriberCount(state.Topic));

        // Made since: a new subscriber does not inherit the ended loop's answer.
        state.Status = "PENDING";
        var later = new StreamRecorder<WatchedState.Snapshot>();
        using var again = state.Watch(fixture.Host.Services).Subscribe(later);
        await Eventually.AssertAsync(() => Assert.Equal(["PENDING"], Statuses(later)));
        subscriptions.ForEach(s => s.Dispose());
    }

    private async Task ChangeAsync(WatchedState state, string status)
    {
        state.Status = status;
        await Bus.PublishAsync(state.Topic, status);
    }

    private static List<string> Statuses(StreamRecorder<WatchedState.Snapshot> recorder) => recorder.Values.Select(v => v.Status).ToList();
}
