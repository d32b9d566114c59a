namespace ProductDescriber.Jobs;

/// <summary>
/// Tells this Host's runner to look for jobs now instead of at its next poll. A burst of signals while it looks
/// leaves one more look, never a queue.
/// </summary>
internal sealed class JobWakeUp
{
    /// <summary>The event bus topic on which a busy Host asks the others to look.</summary>
    public const string Topic = "jobs:scheduled";

    private readonly SemaphoreSlim _signal = new(0, 1);
    private int _idleWorkers;

    /// <summary>Wakes the runner; true when it has a free worker to take the job (so no other Host needs telling).</summary>
    public bool Signal()
    {
        Set();
        return Volatile.Read(ref _idleWorkers) > 0;
    }

    /// <summary>Set by the runner: how many of its workers are free.</summary>
    public void SetIdleWorkers(int count) => Volatile.Write(ref _idleWorkers, count);

    /// <summary>Waits for a signal or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _signal.WaitAsync(timeout, cancellationToken);

    public void Set()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Set by another thread between the check and the release: one look covers both.
        }
    }
}
