using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Sessions;

/// <summary>A long-lived GraphQL connection (a WebSocket, an event stream) as <see cref="LiveConnections"/> sees it.</summary>
internal interface ILiveConnection
{
    /// <summary>The user whose session it runs on; null while anonymous (or before a socket's <c>connection_init</c>).</summary>
    long? UserId { get; }

    /// <summary>The user's session was revoked: end now (a socket closes with 4403).</summary>
    Task RevokeAsync();

    /// <summary>Checks the session again (stamp, active flag, expiry) and ends like <see cref="RevokeAsync"/> if it no longer holds.</summary>
    Task RecheckSessionAsync(CancellationToken cancellationToken);

    /// <summary>The process is stopping: end so the client reconnects elsewhere (a socket closes with 1001).</summary>
    Task GoAwayAsync();
}
