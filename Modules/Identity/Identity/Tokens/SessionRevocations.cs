using System.Data.Common;
using Microsoft.Extensions.Logging;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Identity.Tokens;

/// <summary>
/// Announces a rotated security stamp to every Host (<see cref="SessionsRevoked"/>), so open sockets and streams of
/// the user end at once instead of when their token expires, and each Host's <see cref="SessionCache"/> forgets the
/// old stamp. This process forgets it before announcing, so its own next request already sees the change.
/// </summary>
internal sealed partial class SessionRevocations(IEventBus bus, SessionCache cache, ILogger<SessionRevocations> logger)
{
    /// <summary>
    /// Call after the new stamp is committed. Never throws for the bus: the change itself stands. A Host that
    /// misses the event lost its bus connection, which empties its cache (docs/adr/0038); its sockets re-check the
    /// session then (docs/adr/0008).
    /// </summary>
    public async Task PublishAsync(long userId)
    {
        cache.Evict(userId);
        try
        {
            // Not the request's token: a client that goes away after the commit must not keep the event from going out.
            await bus.PublishAsync(SessionsRevoked.Topic, new SessionsRevoked(userId).ToPayload(), CancellationToken.None);
        }
        catch (Exception exception) when (exception is DbException or TimeoutException or InvalidOperationException)
        {
            LogPublishFailed(exception, userId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce the revoked sessions of user {UserId}; other Hosts may accept its old tokens for up to a minute")]
    private partial void LogPublishFailed(Exception exception, long userId);
}
