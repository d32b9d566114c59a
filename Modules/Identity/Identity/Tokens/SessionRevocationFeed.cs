using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.Identity.Contracts;

namespace ProductDescriber.Identity.Tokens;

/// <summary>
/// The revocations the database announces on the event bus (migration AnnounceRevokedSessions), for the transports that keep
/// connections open: each <see cref="SessionsRevoked"/> as the user's id, and each time the bus listens again after
/// losing its connection as <see cref="RevokedSessions.Unknown"/> (what was published meanwhile is lost).
/// </summary>
internal sealed class SessionRevocationFeed(IEventBus bus) : ISessionRevocationFeed
{
    public IDisposable Subscribe(IObserver<RevokedSessions> observer)
    {
        var revoked = bus.Observe(SessionsRevoked.Topic).Subscribe(payload =>
        {
            if (SessionsRevoked.FromPayload(payload) is { } revocation)
            {
                observer.OnNext(new RevokedSessions(revocation.UserId));
            }
        });
        var resumed = bus.Observe(IEventBus.ResumedTopic).Subscribe(_ => observer.OnNext(RevokedSessions.Unknown));
        return new Both(revoked, resumed);
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
