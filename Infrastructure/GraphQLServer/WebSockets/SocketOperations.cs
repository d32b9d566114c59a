using System.Collections.Concurrent;

namespace ProductDescriber.GraphQLServer.WebSockets;

/// <summary>
/// The operations under way on one socket, by the id the client gave each: <c>complete</c> stops one, the goodbye at
/// shutdown ends the streams and waits a little for the rest, and a closing socket stops them all. Once the goodbye
/// has begun no new operation starts.
/// </summary>
internal sealed class SocketOperations(CancellationToken connection)
{
    private readonly ConcurrentDictionary<string, SocketOperation> _running = new();
    private int _goingAway;

    /// <summary>The goodbye has begun: the socket is about to close with 1001.</summary>
    public bool GoingAway => Volatile.Read(ref _goingAway) == 1;

    /// <summary>The new operation, or null when one with that id is still under way (the protocol closes with 4409 then).</summary>
    public SocketOperation? TryStart(string id)
    {
        var operation = new SocketOperation(connection);
        return _running.TryAdd(id, operation) ? operation : null;
    }

    /// <summary>
    /// Marked before looking at the goodbye flag, which <see cref="EndForGoodbyeAsync"/> sets before looking at the
    /// marks: one of the two sees the other, so no stream starts after the goodbye began. False: do not stream.
    /// </summary>
    public bool TryStartStream(SocketOperation operation)
    {
        operation.MarkStream();
        return !GoingAway;
    }

    /// <summary>The client's <c>complete</c>: nothing more goes out for that id.</summary>
    public void Complete(string id)
    {
        if (_running.TryRemove(id, out var operation))
        {
            operation.Stop();
        }
    }

    /// <summary>The operation's task is done, whatever its outcome; its id may be used again.</summary>
    public void Finish(string id, SocketOperation operation)
    {
        _running.TryRemove(new KeyValuePair<string, SocketOperation>(id, operation));
        operation.Stop();
        operation.Finish();
    }

    /// <summary>Starts the goodbye; false when it had begun already.</summary>
    public bool BeginGoodbye() => Interlocked.Exchange(ref _goingAway, 1) == 0;

    /// <summary>
    /// Subscriptions end at once (without <c>complete</c>: a graphql-ws client resubscribes after reconnecting only to
    /// the subscriptions it still holds); queries and mutations get until <paramref name="deadline"/> to finish and
    /// queue their results; whatever is left then stops.
    /// </summary>
    public async Task EndForGoodbyeAsync(CancellationToken deadline)
    {
        try
        {
            foreach (var operation in _running.Values.Where(o => o.IsStream))
            {
                operation.Stop();
            }

            await Task.WhenAll(_running.Values.Select(o => o.Finished)).WaitAsync(deadline);
        }
        catch (OperationCanceledException)
        {
        }

        StopAll();
    }

    public void StopAll()
    {
        foreach (var operation in _running.Values)
        {
            operation.Stop();
        }
    }
}
