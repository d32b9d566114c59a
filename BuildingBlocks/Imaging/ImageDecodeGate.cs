namespace ProductDescriber.Imaging;

/// <summary>
/// Bounds how many images are decoded at once (one per core): decoding is CPU-bound, so more would only add
/// memory and latency when many clients upload together. Register one per process (TryAddSingleton), so every
/// module that decodes shares the same slots.
/// </summary>
public sealed class ImageDecodeGate : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, Environment.ProcessorCount));

    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(work, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
