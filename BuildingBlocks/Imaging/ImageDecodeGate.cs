using ProductDescriber.BuildingBlocks.Threading;

namespace ProductDescriber.Imaging;

/// <summary>
/// Where images are decoded, measured and rendered: one dedicated thread per core, below the request threads'
/// priority (ADR 0043). Decoding is CPU-bound, so more at once would only add memory and latency when many clients
/// upload together; on the thread pool it would hold the workers that requests and subscription deliveries need,
/// and at equal priority a gallery's thumbnails or a job's fidelity measurement would make every delivery on the
/// same cores wait. Register one per process (TryAddSingleton), so every module that decodes shares the threads.
/// </summary>
public sealed class ImageDecodeGate : IDisposable
{
    private readonly LowPriorityThreads _threads = new("image", Math.Max(1, Environment.ProcessorCount));

    /// <summary>Whether the decoding threads run below the request threads' priority (Linux only).</summary>
    internal bool LoweredPriority => _threads.LoweredPriority;

    /// <summary>Runs <paramref name="work"/> on a decoding thread; cancelled while it waits for one, it never runs.</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        _threads.TryRun(work, out var task, cancellationToken); // the queue is unbounded: it never refuses
        return task;
    }

    public void Dispose() => _threads.Dispose();
}
