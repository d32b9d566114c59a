namespace ProductDescriber.Identity.Tokens;

/// <summary>
/// What this process does after it committed a change that revokes a user's sessions (a rotated security stamp, a
/// deactivation): it forgets the cached session at once, so its own next request already sees the change. Every Host,
/// this one included, also hears <see cref="Contracts.SessionsRevoked"/> from the database itself, which announces
/// each such change in the committing transaction (migration AnnounceRevokedSessions, docs/adr/0038), and ends the
/// user's sockets and streams (docs/adr/0008).
/// </summary>
internal sealed class SessionRevocations(SessionCache cache)
{
    public void Committed(long userId) => cache.Evict(userId);
}
