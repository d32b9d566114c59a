using System.Collections.Concurrent;
using ProductDescriber.GraphQLServer.Validation;

namespace ProductDescriber.GraphQLServer.Sessions;

/// <summary>
/// The open WebSockets and event streams of this process, so that a revoked session ends on all of them at once
/// (docs/adr/0008) and, when the process stops, every client is told to go away rather than dropped
/// (docs/adr/0004). Revocations and re-checks walk the whole set: they are rare next to connects and disconnects,
/// and a walk over thousands of entries costs microseconds, so no per-user index has to be kept in step.
/// </summary>
internal sealed partial class LiveConnections : IDisposable
{
    private readonly ConcurrentDictionary<ILiveConnection, byte> _open = new();
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<LiveConnections> _logger;
    private readonly CancellationTokenRegistration _stopping;

    public LiveConnections(IHostApplicationLifetime lifetime, ILogger<LiveConnections> logger)
    {
        _lifetime = lifetime;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping.Register(GoAwayAll);
    }

    public int Count => _open.Count;

    /// <summary>Tracks <paramref name="connection"/> until the returned handle is disposed.</summary>
    public IDisposable Add(ILiveConnection connection)
    {
        _open[connection] = 0;

        // Added while GoAwayAll was walking the set: it may not have seen this one, so say goodbye here (twice is harmless).
        if (_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            _ = GoAwayAsync(connection);
        }

        return new Registration(this, connection);
    }

    /// <summary>Ends every connection of <paramref name="userId"/>; returns how many there were.</summary>
    public int Revoke(long userId)
    {
        var count = 0;
        foreach (var connection in _open.Keys)
        {
            if (connection.UserId == userId)
            {
                count++;
                _ = RevokeAsync(connection);
            }
        }

        if (count > 0)
        {
            LogRevoked(userId, count);
        }

        return count;
    }

    /// <summary>
    /// Checks the session of every authenticated connection, one after the other (one primary-key read each). Stops
    /// at the first check that fails to run: the database is likely away, and the next sweep tries again.
    /// </summary>
    public async Task RecheckAllAsync(CancellationToken cancellationToken)
    {
        foreach (var connection in _open.Keys)
        {
            if (connection.UserId is null)
            {
                continue;
            }

            try
            {
                await connection.RecheckSessionAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRecheckFailed(exception);
                return;
            }
        }
    }

    public void Dispose() => _stopping.Dispose();

    private void GoAwayAll()
    {
        if (!_open.IsEmpty)
        {
            LogGoingAway(_open.Count);
        }

        foreach (var connection in _open.Keys)
        {
            _ = GoAwayAsync(connection);
        }
    }

    private async Task GoAwayAsync(ILiveConnection connection)
    {
        try
        {
            await connection.GoAwayAsync();
        }
        catch (Exception exception)
        {
            LogEndFailed(exception);
        }
    }

    private async Task RevokeAsync(ILiveConnection connection)
    {
        try
        {
            await connection.RevokeAsync();
        }
        catch (Exception exception)
        {
            LogEndFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sessions of user {UserId} revoked: ending {Count} open connections")]
    private partial void LogRevoked(long userId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: telling {Count} open connections to go away")]
    private partial void LogGoingAway(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-check the sessions of open connections; trying again at the next check")]
    private partial void LogRecheckFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ending an open connection failed")]
    private partial void LogEndFailed(Exception exception);

    private sealed class Registration(LiveConnections owner, ILiveConnection connection) : IDisposable
    {
        public void Dispose() => owner._open.TryRemove(connection, out _);
    }
}
