using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.Host.Tests.WebSockets;
using ProductDescriber.PostgreSQL.Events;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Subscriptions;

/// <summary>LiveState.Watch on a Host's real event bus (PostgreSQL LISTEN/NOTIFY).</summary>
public sealed class LiveStateTests(EventsHostFixture fixture) : IClassFixture<EventsHostFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private IEventBus Bus => fixture.Host.GetService<IEventBus>();

    [Fact]
    public async Task Sends_the_current_state_first_then_each_change_and_completes_after_a_final_state()
    {
        var state = new WatchedState();
        var recorder = new StreamRecorder<WatchedState.Snapshot>();
        using var subscription = state.Watch(fixture.Host.Services).Subscribe(recorder);
        await Eventually.AssertAsync(() => Assert.Equal(["PENDING"], Statuses(recorder)));

        await ChangeAsync(state, "RUNNING");
        await Eventually.AssertAsync(() => Assert.Equal(["PENDING", "RUNNING"], Statuses(recorder)));

        await ChangeAsync(state, "SUCCEEDED");
        await recorder.Ended.Task.WaitAsync(Wait);
        Assert.True(recorder.Completed);
        Assert.Equal(["PENDING", "RUNNING", "SUCCEEDED"], Statuses(recorder));
        await Eventually.AssertAsync(() => Assert.Equal(0, fixture.Host.GetService<PostgresEventBus>().SubscriberCount(state.Topic)));
    }

    [Fact]
    public async Task A_subscriber_arriving_after_the_final_state_gets_it_at_once_and_the_stream_completes()
    {
        var state = new WatchedState { Status = "FAILED" };
        var recorder = new StreamRecorder<WatchedState.Snapshot>();

        using var subscription = state.Watch(fixture.Host.Services).Subscribe(recorder);

        await recorder.Ended.Task.WaitAsync(Wait);
        Assert.True(recorder.Completed);
        Assert.Equal(["FAILED"], Statuses(recorder));
    }

    [Fact]
    public async Task A_state_that_does_not_exist_ends_the_stream_with_NOT_FOUND()
    {
        var state = new WatchedState { Status = null };
        var recorder = new StreamRecorder<WatchedState.Snapshot>();

        using var subscription = state.Watch(fixture.Host.Services).Subscribe(recorder);

        await recorder.Ended.Task.WaitAsync(Wait);
        Assert.Equal("NOT_FOUND", recorder.ExecutionError?.Code);
        Assert.Empty(recorder.Values);
    }

    [Fact]
    public async Task An_event_published_while_the_first_read_runs_is_not_lost()
    {
        var state = new WatchedState();
        state.Hold();
        var recorder = new StreamRecorder<WatchedState.Snapshot>();
        using var subscription = state.Watch(fixture.Host.Services).Subscribe(recorder);
        await state.ReadHeld.Task.WaitAsync(Wait);

        // The first read already saw PENDING; the change and its event come while it is still running.
        await ChangeAsync(state, "RUNNING");
        state.Release();

        await Eventually.AssertAsync(() => Assert.Equal(["PENDING", "RUNNING"], Statuses(recorder)));
    }

    [Fact]
    public async Task Reads_never_overlap_a_burst_of_events_costs_few_reads_and_unchanged_states_are_not_sent_again()
    {
        var state = new WatchedState();
        var recorder = new StreamRecorder<WatchedState.Snapshot>();
        using var subscription = state.Watch(fixture.Host.Services).Subscribe(recorder);
        await Eventually.AssertAsync(() => Assert.Equal(["PENDING"], Statuses(recorder)));

        state.Hold();
        await Bus.PublishAsync(state.Topic, "changed");
        await state.ReadHeld.Task.WaitAsync(Wait);
        const int Burst = 30;
        await PublishAndSeeDeliveredAsync(state.Topic, Burst);
        state.Release();
        await ChangeAsync(state, "SUCCEEDED");

        await recorder.Ended.Task.WaitAsync(Wait);
        Assert.Equal(["PENDING", "SUCCEEDED"], Statuses(recorder));
        Assert.Equal(1, state.MaxConcurrentReads);
        Assert.True(state.Reads < Burst / 2, $"{state.Reads} reads for {Burst + 2} events");
    }

    [Fact]
    public async Task Disposing_the_subscription_stops_listening_and_cancels_a_read_in_flight()
    {
        var state = new WatchedState();
        state.Hold();
        var recorder = new StreamRecorder<WatchedState.Snapshot>();
        var subscription = state.Watch(fixture.Host.Services).Subscribe(recorder);
        await state.ReadHeld.Task.WaitAsync(Wait);
        var bus = fixture.Host.GetService<PostgresEventBus>();
        Assert.Equal(1, bus.SubscriberCount(state.Topic));

        subscription.Dispose();

        Assert.Equal(0, bus.SubscriberCount(state.Topic));
        await Eventually.AssertAsync(() => Assert.Equal(1, state.CancelledReads));
        Assert.Equal(1, state.Reads);
        Assert.Empty(recorder.Values);
        Assert.False(recorder.Ended.Task.IsCompleted);
    }

    private async Task ChangeAsync(WatchedState state, string status)
    {
        state.Status = status;
        await Bus.PublishAsync(state.Topic, status);
    }

    /// <summary>Publishes <paramref name="count"/> events and waits until a second listener on the topic got them all.</summary>
    private async Task PublishAndSeeDeliveredAsync(string topic, int count)
    {
        var probe = new StreamRecorder<string>();
        using (Bus.Observe(topic).Subscribe(probe))
        {
            for (var i = 0; i < count; i++)
            {
                await Bus.PublishAsync(topic, $"burst {i}");
            }

            await Eventually.AssertAsync(() => Assert.Equal(count, probe.Values.Count));
        }
    }

    private static List<string> Statuses(StreamRecorder<WatchedState.Snapshot> recorder) => recorder.Values.Select(v => v.Status).ToList();
}
