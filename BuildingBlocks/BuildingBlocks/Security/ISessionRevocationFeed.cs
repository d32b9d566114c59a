namespace ProductDescriber.BuildingBlocks.Security;

/// <summary>
/// Tells connections that outlive a request (WebSockets, event streams) when sessions they may run on ended, on any
/// Host: the access tokens of a user were revoked (deactivation, password change), or notices may have been lost.
/// Like everything that crosses Hosts it is at most once and live only, so a listener that must not miss one also
/// re-checks by itself. Implemented by the module that issues tokens (Identity); the GraphQL server listens.
/// </summary>
public interface ISessionRevocationFeed : IObservable<RevokedSessions>;

/// <summary>Sessions that ended: every session of <see cref="UserId"/>, or, when that is null, possibly anyone's.</summary>
public sealed record RevokedSessions(long? UserId)
{
    /// <summary>Notices were lost (their channel was down): every open session must be checked again.</summary>
    public static readonly RevokedSessions Unknown = new((long?)null);
}
