using System.Data.Common;
using Microsoft.Extensions.Logging;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Identity.Tokens;

/// <summary>
/// Announces a rotated security stamp to every Host (<see cref="SessionsRevoked"/>), so open sockets and streams of
/// the user end at once instead of when their token expires. HTTP requests need no event: each one checks the stamp.
/// </summary>
internal sealed partial class SessionRevocations(IEventBus bus, ILogger<SessionRevocations> logger)
{
    /// <summary>
    /// Call after the new stamp is committed. Never throws for the bus: the change itself stands, and a Host that
    /// misses the event still finds out at its next session re-check (docs/adr/0008).
    /// </summary>
    public async Task PublishAsync(long userId)
    {
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce the revoked sessions of user {UserId}; Hosts notice at their next session re-check")]
    private partial void LogPublishFailed(Exception exception, long userId);
}
