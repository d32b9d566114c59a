using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using ProductDescriber.BuildingBlocks.Persistence;
using ProductDescriber.BuildingBlocks.Security;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>What a check of a socket's session found.</summary>
internal enum SessionVerdict
{
    Holds,

    /// <summary>The token is refused, expired or revoked: the socket closes with 4403.</summary>
    Ended,

    /// <summary>The check could not run (the database is away): not a refusal.</summary>
    Unchecked,
}

/// <summary>
/// Whom a socket runs as. Anonymous until a <c>connection_init</c> brings an access token; from then on the token is
/// validated again before every operation and whenever <see cref="Sessions.LiveConnections"/> asks, as HTTP does per
/// request, and each check refreshes the principal (the role comes from the database). See docs/adr/0008.
/// </summary>
internal sealed partial class ConnectionSession(IAccessTokenValidator tokens, ILogger logger)
{
    private ClaimsPrincipal _user = new(new ClaimsIdentity());
    private volatile string? _accessToken;

    public ClaimsPrincipal User => _user;

    public long? UserId => _accessToken is null ? null : _user.GetUserId();

    /// <summary>When the token stops being valid (its <c>exp</c>); null while anonymous or without one.</summary>
    public DateTimeOffset? ExpiresAt =>
        _accessToken is not null && _user.FindFirst("exp")?.Value is { } exp && long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>
    /// The token of <c>connection_init</c>. An outage is <see cref="SessionVerdict.Unchecked"/> (1013, which clients
    /// retry), not a refusal of the token.
    /// </summary>
    public async Task<SessionVerdict> StartAsync(string accessToken, CancellationToken cancellationToken)
    {
        AccessTokenValidation validation;
        try
        {
            validation = await tokens.ValidateAsync(accessToken, cancellationToken);
        }
        catch (Exception exception) when (DatabaseOutage.IsCause(exception))
        {
            LogOutage(exception.GetBaseException().Message);
            return SessionVerdict.Unchecked;
        }

        if (!validation.IsValid)
        {
            LogRefused(validation.Failure);
            return SessionVerdict.Ended;
        }

        _user = KeptPrincipal.Of(validation.Principal!);
        _accessToken = accessToken;
        return SessionVerdict.Holds;
    }

    /// <summary>Before an operation: a revocation event this Host missed still stops the next operation.</summary>
    public async Task<SessionVerdict> CheckBeforeOperationAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await HoldsAsync(cancellationToken) ? SessionVerdict.Holds : SessionVerdict.Ended;
        }
        catch (Exception exception) when (exception is DbException or TimeoutException)
        {
            LogCheckFailed(exception);
            return SessionVerdict.Unchecked;
        }
    }

    /// <summary>
    /// Validates the token again (signature, expiry, stamp, active flag) and keeps the refreshed principal. An
    /// anonymous socket has no session to lose. Throws when the check cannot run.
    /// </summary>
    public async Task<bool> HoldsAsync(CancellationToken cancellationToken)
    {
        if (_accessToken is not { } accessToken)
        {
            return true;
        }

        var validation = await tokens.ValidateAsync(accessToken, cancellationToken);
        if (!validation.IsValid)
        {
            LogEnded(_user.GetUserId(), validation.Failure);
            return false;
        }

        _user = KeptPrincipal.Of(validation.Principal!);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WebSocket connection refused: {Reason}")]
    private partial void LogRefused(string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "WebSocket session of user {UserId} ended: {Reason}")]
    private partial void LogEnded(long? userId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket operation refused: the session could not be checked")]
    private partial void LogCheckFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket connection closed with 1013: the database is unavailable ({Reason})")]
    private partial void LogOutage(string reason);
}
