namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>One <c>subscribe</c> under way on a socket: what stops it, whether it streams, and when its task ended.</summary>
internal sealed class SocketOperation(CancellationToken connection)
{
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(connection);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _isStream;

    /// <summary>Cancelled when the client completes the operation, the server stops it, or the socket closes.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Completes when the operation's task is done, whatever its outcome.</summary>
    public Task Finished => _finished.Task;

    public bool IsStream => Volatile.Read(ref _isStream) == 1;

    public void MarkStream() => Interlocked.Exchange(ref _isStream, 1);

    public void Finish() => _finished.TrySetResult();

    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
