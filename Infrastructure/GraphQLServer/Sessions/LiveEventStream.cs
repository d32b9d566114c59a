using System.Security.Claims;
using ProductDescriber.BuildingBlocks.Security;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Sessions;

/// <summary>
/// A subscription streamed over server-sent events, as <see cref="LiveConnections"/> sees it: revoking or going away
/// cancels <see cref="Token"/>, and <see cref="Revoked"/> tells the responder which of the two ended it.
/// </summary>
internal sealed class LiveEventStream(ClaimsPrincipal user, string? accessToken, IAccessTokenValidator tokens, CancellationToken aborted)
    : ILiveConnection, IDisposable
{
    private readonly CancellationTokenSource _end = CancellationTokenSource.CreateLinkedTokenSource(aborted);
    private volatile bool _revoked;

    /// <summary>Cancelled when the client leaves, the session is revoked, or the process stops.</summary>
    public CancellationToken Token => _end.Token;

    public bool Revoked => _revoked;

    public long? UserId => accessToken is null ? null : user.GetUserId();

    public Task RevokeAsync()
    {
        _revoked = true;
        End();
        return Task.CompletedTask;
    }

    public async Task RecheckSessionAsync(CancellationToken cancellationToken)
    {
        if (accessToken is not null && !(await tokens.ValidateAsync(accessToken, cancellationToken)).IsValid)
        {
            await RevokeAsync();
        }
    }

    public Task GoAwayAsync()
    {
        End();
        return Task.CompletedTask;
    }

    public void Dispose() => _end.Dispose();

    private void End()
    {
        try
        {
            _end.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream had ended already.
        }
    }
}
