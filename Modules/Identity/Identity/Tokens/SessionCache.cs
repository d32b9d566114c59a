using System.Collections.Concurrent;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Identity.Tokens;

/// <summary>
/// The sessions of active users this process has read (security stamp and role per user), so that a request with a token
/// costs no query when nothing changed. Trusted only while the event bus listens without a break: every change that
/// revokes sessions is announced on it (<see cref="SessionsRevoked"/>), this process evicts its own changes at once,
/// and a bus that lost its connection (events may be lost) empties the cache and bypasses it until it listens again.
/// docs/adr/0038-session-cache-over-the-event-bus.md.
/// </summary>
internal sealed class SessionCache : IDisposable
{
    /// <summary>Users cached at most; past it the cache starts over (a cold read each, never a wrong answer).</summary>
    internal const int Capacity = 100_000;

    /// <summary>
    /// How long an entry is trusted at most. Only a revocation whose announcement failed on a Host that kept its own
    /// bus connection (so nobody emptied their cache) depends on it: it bounds that rare case to a minute.
    /// </summary>
    internal static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<long, Entry> _sessions = new();
    private readonly IEventBus _bus;
    private readonly IDisposable[] _subscriptions;

    // Bumped by every eviction: a read that raced one (started before, stored after) must not store what it read.
    private long _evictions;

    public SessionCache(IEventBus bus)
    {
        _bus = bus;
        _subscriptions =
        [
            bus.Observe(SessionsRevoked.Topic).Subscribe(payload =>
            {
                if (SessionsRevoked.FromPayload(payload) is { } revoked)
                {
                    Evict(revoked.UserId);
                }
            }),
            bus.Observe(IEventBus.ResumedTopic).Subscribe(_ => Clear()),
        ];
    }

    internal int Count => _sessions.Count;

    /// <summary>The cached session of <paramref name="userId"/>, or null when the caller must read it.</summary>
    public CachedSession? Find(long userId) =>
        _bus.ListeningEpoch is { } epoch && _sessions.TryGetValue(userId, out var entry) && entry.Epoch == epoch
            && Environment.TickCount64 - entry.StoredAt < MaxAge.TotalMilliseconds
            ? entry.Session
            : null;

    /// <summary>Taken before reading a session from the database; <see cref="Store"/> needs it.</summary>
    public ReadTicket BeginRead() => new(_bus.ListeningEpoch, Interlocked.Read(ref _evictions));

    /// <summary>Keeps what was read, unless the bus was not listening or an eviction happened meanwhile.</summary>
    public void Store(long userId, CachedSession session, ReadTicket ticket)
    {
        if (ticket.Epoch is not { } epoch)
        {
            return;
        }

        if (_sessions.Count >= Capacity)
        {
            _sessions.Clear(); // A bound, not a revocation: what was cached is still true, just no longer kept.
        }

        var entry = new Entry(session, epoch, Environment.TickCount64);
        _sessions[userId] = entry;

        // Checked after storing: an eviction that ran between the read and here may have missed the new entry.
        if (Interlocked.Read(ref _evictions) != ticket.Evictions || _bus.ListeningEpoch != epoch)
        {
            _sessions.TryRemove(new KeyValuePair<long, Entry>(userId, entry));
        }
    }

    /// <summary>Forgets one user's session: after this process changed it, or when another Host announced a change.</summary>
    public void Evict(long userId)
    {
        Interlocked.Increment(ref _evictions);
        _sessions.TryRemove(userId, out _);
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    private void Clear()
    {
        Interlocked.Increment(ref _evictions);
        _sessions.Clear();
    }

    private sealed record Entry(CachedSession Session, long Epoch, long StoredAt);
}

/// <summary>What a token check needs to know about an active user (inactive ones are never cached).</summary>
internal sealed record CachedSession(string SecurityStamp, string Role);

/// <summary>The bus's listening period and the eviction count when a read began.</summary>
internal readonly record struct ReadTicket(long? Epoch, long Evictions);
