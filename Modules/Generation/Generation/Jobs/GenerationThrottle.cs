using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ProductDescriber.Generation.Jobs;

/// <summary>
/// How many generation jobs run at once in this Host, overall and per provider (a provider's rate limits are per
/// key, so one busy provider must not starve the others). A job waits for both slots before it starts its request.
/// </summary>
internal sealed class GenerationThrottle(IOptions<GenerationOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _jobs = new(options.Value.MaxConcurrentJobs);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _providers = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(string provider, CancellationToken cancellationToken)
    {
        var perProvider = _providers.GetOrAdd(provider, _ => new SemaphoreSlim(options.Value.MaxConcurrentJobsPerProvider));
        await _jobs.WaitAsync(cancellationToken);
        try
        {
            await perProvider.WaitAsync(cancellationToken);
        }
        catch
        {
            _jobs.Release();
            throw;
        }

        return new Slot(_jobs, perProvider);
    }

    public void Dispose()
    {
        _jobs.Dispose();
        foreach (var semaphore in _providers.Values)
        {
            semaphore.Dispose();
        }
    }

    private sealed class Slot(SemaphoreSlim jobs, SemaphoreSlim provider) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                provider.Release();
                jobs.Release();
            }
        }
    }
}
