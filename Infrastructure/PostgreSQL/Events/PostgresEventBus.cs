using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using ProductDescriber.BuildingBlocks.Diagnostics;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.Hosting;
using ProductDescriber.PostgreSQL.Connection;
using ProductDescriber.PostgreSQL.EmbeddedCluster;
using ProductDescriber.PostgreSQL.Migrations;

namespace ProductDescriber.PostgreSQL.Events;

/// <summary>
/// <see cref="IEventBus"/> over PostgreSQL LISTEN/NOTIFY: one channel for all topics, one listening connection per
/// process, and fan-out in memory. Every event goes through the database, own events included, so all Host
/// processes on one database see the same stream. Each local subscriber has its own bounded queue: a slow one loses
/// its oldest events, the listener never waits for it. See docs/adr/0006-events-over-listen-notify.md.
/// </summary>
internal sealed partial class PostgresEventBus(DatabaseConnection database, StartupTimeline timeline, ILogger<PostgresEventBus> logger) : BackgroundService, IEventBus
{
    // The channel and the envelope (Topic, Payload) are also written by SQL: Identity's trigger that announces revoked
    // sessions (migration AnnounceRevokedSessions). Changing either needs a migration there.
    public const string Channel = "product_describer_events";

    // Notifications arrive in bursts (one socket read dispatches dozens) while a subscriber's delivery task may wait
    // for a thread on a busy machine; with 64, healthy subscribers lost events under load. Payloads are ids, so
    // this bound stays cheap.
    internal const int SubscriberQueueLength = 1024;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscriber, byte>> _topics = new();
    private readonly Lock _subscriptionChanges = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Odd while listening, even while not: one increment when LISTEN is in place, one when the connection is lost,
    // so a single read tells both whether the bus listens and whether it has listened without a break since.
    private long _epoch;

    /// <summary>Completes once the first LISTEN is in place (tests and start-up wait on it).</summary>
    public Task Listening => _listening.Task;

    /// <summary>Local subscribers of <paramref name="topic"/>; tests use it to see that a closed socket let go.</summary>
    internal int SubscriberCount(string topic) => _topics.TryGetValue(topic, out var subscribers) ? subscribers.Count : 0;

    /// <summary>Topics with at least one local subscriber; a topic's entry goes with its last subscriber.</summary>
    internal int TopicCount => _topics.Count;

    public long? ListeningEpoch => Volatile.Read(ref _epoch) is var epoch && epoch % 2 == 1 ? epoch : null;

    public Task PublishAsync(string topic, string payload, CancellationToken cancellationToken = default) =>
        PublishAsync([(topic, payload)], cancellationToken);

    public async Task PublishAsync(IReadOnlyList<(string Topic, string Payload)> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        var envelopes = events.Select(e => Envelope.Encode(e.Topic, e.Payload)).ToList();

        // One statement for all of them: NOTIFYs of one transaction reach listeners in the order sent.
        await using var command = database.DataSource.CreateCommand(
            "SELECT " + string.Join(", ", Enumerable.Range(0, envelopes.Count).Select(i => $"pg_notify($1, ${i + 2})")));
        command.Parameters.Add(new NpgsqlParameter { Value = Channel });
        foreach (var envelope in envelopes)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = envelope });
        }

        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or IOException)
        {
            // The database was unreachable: no Host will see these events.
            EventDropped("connection_lost");
            throw;
        }
    }

    public IObservable<string> Observe(string topic) => new Topic(this, topic);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or System.Net.Sockets.SocketException or IOException)
            {
                // Events published while we were away are lost (NOTIFY has no replay); subscribers re-read state.
                LogListenerLost(exception, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 10));
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        // Unpooled: LISTEN is session state, which must end with this connection (docs/adr/0039).
        await using var connection = await database.Unpooled.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, notification) => Dispatch(notification.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        Interlocked.Increment(ref _epoch);
        if (_listening.TrySetResult())
        {
            timeline.Mark("event bus listening");
        }
        else
        {
            LogListenerResumed();
        }

        // The first time too: the Host may serve before the bus first listens (it connects in the background), and a
        // subscriber that read its state then would otherwise miss what was published until now.
        SignalResumed();

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // A periodic round trip notices a dead connection, which waiting alone would not.
                if (!await connection.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken))
                {
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(stoppingToken);
                }
            }
        }
        finally
        {
            // The listening period ends the moment the connection fails, before any reconnection delay.
            Interlocked.Increment(ref _epoch);
        }
    }

    private void Dispatch(string json)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(json);
        }
        catch (JsonException)
        {
            EventDropped("malformed");
            return;
        }

        if (envelope is null || !_topics.TryGetValue(envelope.Topic, out var subscribers))
        {
            return;
        }

        foreach (var subscriber in subscribers.Keys)
        {
            subscriber.Offer(envelope.Payload);
        }
    }

    private void SignalResumed()
    {
        if (_topics.TryGetValue(IEventBus.ResumedTopic, out var subscribers))
        {
            foreach (var subscriber in subscribers.Keys)
            {
                subscriber.Offer(string.Empty);
            }
        }
    }

    private static void EventDropped(string reason) => AppTelemetry.EventsDropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event listener connection lost; reconnecting in {DelaySeconds} s")]
    private partial void LogListenerLost(Exception exception, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event listener listening again; events published while it was away are lost")]
    private partial void LogListenerResumed();

    private sealed record Envelope(string Topic, string Payload)
    {
        /// <summary>The NOTIFY payload for one event; refuses the reserved topic and oversize events.</summary>
        public static string Encode(string topic, string payload)
        {
            if (topic == IEventBus.ResumedTopic)
            {
                throw new ArgumentException("Only the bus itself signals that it resumed listening.", nameof(topic));
            }

            var envelope = JsonSerializer.Serialize(new Envelope(topic, payload));
            if (Encoding.UTF8.GetByteCount(envelope) > IEventBus.MaxPayloadBytes)
            {
                EventDropped("oversize");
                throw new ArgumentException($"Event payloads must stay under {IEventBus.MaxPayloadBytes} bytes; publish ids, not rows.", nameof(payload));
            }

            return envelope;
        }
    }

    private sealed class Topic(PostgresEventBus bus, string name) : IObservable<string>
    {
        public IDisposable Subscribe(IObserver<string> observer)
        {
            var subscriber = new Subscriber(observer);

            // Adding and removing take a lock (they are rare next to dispatching, which stays lock-free), so that a
            // topic's entry can go with its last subscriber without racing a new one: topics are often ids, and
            // entries left behind would grow without bound.
            lock (bus._subscriptionChanges)
            {
                bus._topics.GetOrAdd(name, _ => new ConcurrentDictionary<Subscriber, byte>())[subscriber] = 0;
            }

            return new Unsubscriber(() =>
            {
                lock (bus._subscriptionChanges)
                {
                    if (bus._topics.TryGetValue(name, out var subscribers) && subscribers.TryRemove(subscriber, out _) && subscribers.IsEmpty)
                    {
                        bus._topics.TryRemove(name, out _);
                    }
                }

                subscriber.Stop();
            });
        }
    }

    /// <summary>Delivers to one observer on its own task, so the listener only ever enqueues.</summary>
    private sealed class Subscriber
    {
        private readonly Channel<string> _queue = System.Threading.Channels.Channel.CreateBounded<string>(new BoundedChannelOptions(SubscriberQueueLength)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, _ => EventDropped("slow_subscriber"));

        public Subscriber(IObserver<string> observer) => _ = DeliverAsync(observer);

        public void Offer(string payload) => _queue.Writer.TryWrite(payload);

        public void Stop() => _queue.Writer.TryComplete();

        private async Task DeliverAsync(IObserver<string> observer)
        {
            // No OnCompleted: the queue only completes when the observer unsubscribed and is gone.
            await foreach (var payload in _queue.Reader.ReadAllAsync())
            {
                // Counted as it is handed over: what the subscriber then does with it is no longer the bus's doing.
                AppTelemetry.EventsDelivered.Add(1);
                try
                {
                    observer.OnNext(payload);
                }
                catch (Exception exception)
                {
                    observer.OnError(exception);
                    return;
                }
            }
        }
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
