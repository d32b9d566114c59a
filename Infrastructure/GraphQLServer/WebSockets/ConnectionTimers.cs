namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>
/// The clocks of one socket, each a task that ends with the socket's lifetime token: the deadline for
/// <c>connection_init</c>, the keep-alive ping, and the token's expiry.
/// </summary>
internal static class ConnectionTimers
{
    /// <summary>Runs <paramref name="close"/> after <paramref name="timeout"/> unless <paramref name="initialised"/> by then.</summary>
    public static async Task CloseUnlessInitialisedAsync(TimeSpan timeout, Func<bool> initialised, Func<Task> close, CancellationToken token)
    {
        try
        {
            await Task.Delay(timeout, token);
            if (!initialised())
            {
                await close();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A protocol <c>ping</c> every <paramref name="interval"/>, only when idle: with messages still queued the connection is evidently alive.</summary>
    public static async Task KeepAliveAsync(TimeSpan interval, WebSocketOutbox outbox, CancellationToken token)
    {
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(token))
            {
                if (outbox.IsEmpty)
                {
                    outbox.TrySend(ServerMessages.Ping());
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A socket lives longer than its token: <paramref name="close"/> runs when the token expires.</summary>
    public static async Task CloseAtExpiryAsync(DateTimeOffset expiresAt, Func<Task> close, CancellationToken token)
    {
        var remaining = expiresAt - DateTimeOffset.UtcNow;
        try
        {
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, token);
            }

            await close();
        }
        catch (OperationCanceledException)
        {
        }
    }
}
