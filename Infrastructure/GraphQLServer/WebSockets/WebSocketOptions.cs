using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>Section <c>WebSockets</c>.</summary>
internal sealed class GraphQLWebSocketOptions
{
    /// <summary>How long a new socket may take to send <c>connection_init</c> before it is closed with 4408.</summary>
    public int ConnectionInitTimeoutSeconds { get; set; } = 10;

    /// <summary>Idle interval after which the server sends a protocol <c>ping</c>.</summary>
    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>Largest message a client may send; larger ones close the socket with 1009.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Messages waiting to be sent on one socket; when full, queries and mutations wait for the client to read.
    /// Subscription events are counted per subscription instead: one that falls <c>SubscriptionSender.Capacity</c>
    /// events behind closes the socket with 1013 (the client stopped reading).
    /// </summary>
    public int MaxPendingMessages { get; set; } = 1024;

    /// <summary>
    /// How often the sessions of open sockets and event streams are checked again (stamp, active flag) in case a
    /// revocation event was lost; sockets also check before every operation. One primary-key read per connection.
    /// </summary>
    public int SessionRecheckSeconds { get; set; } = 60;
}
