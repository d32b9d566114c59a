using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using ProductDescriber.BuildingBlocks.Events;
using ProductDescriber.Generation.Requests;

namespace ProductDescriber.Generation.Jobs;

/// <summary>
/// Stops a running request's job when <c>cancelGeneration</c> is called on any Host: the bus's notice cancels the
/// in-flight provider call at once, and since the bus is at-most-once, each job also re-reads its request's cancel
/// flag every <see cref="GenerationOptions.CancelPollInterval"/>.
/// </summary>
internal sealed class CancellationWatch : IDisposable
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();
    private readonly IDisposable _notices;
    private readonly GenerationRequests _requests;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _time;

    public CancellationWatch(IEventBus bus, GenerationRequests requests, IOptions<GenerationOptions> options, TimeProvider time)
    {
        _requests = requests;
        _pollInterval = options.Value.CancelPollInterval;
        _time = time;
        _notices = bus.Observe(GenerationEvents.CancelTopic).Subscribe(OnCancelNotice);
    }

    /// <summary>A token cancelled when the request is cancelled (or <paramref name="jobToken"/> is); dispose it when the job ends.</summary>
    public Watched Watch(long requestId, CancellationToken jobToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(jobToken);
        _running[requestId] = source;
        var poll = PollAsync(requestId, source);
        return new Watched(this, requestId, source, poll);
    }

    public void Dispose()
    {
        _notices.Dispose();
        foreach (var source in _running.Values)
        {
            source.Cancel();
        }
    }

    private void OnCancelNotice(string payload)
    {
        if (long.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var requestId))
        {
            Cancel(requestId);
        }
    }

    private void Cancel(long requestId)
    {
        if (_running.TryGetValue(requestId, out var source))
        {
            Cancelled.TryAdd(requestId, 0);
            source.Cancel();
        }
    }

    private ConcurrentDictionary<long, byte> Cancelled { get; } = new();

    private async Task PollAsync(long requestId, CancellationTokenSource source)
    {
        try
        {
            while (!source.IsCancellationRequested)
            {
                await Task.Delay(_pollInterval, _time, source.Token);
                var request = await _requests.FindAsync(requestId, source.Token);
                if (request is null || request.CancelRequestedAt is not null)
                {
                    Cancel(requestId);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or Npgsql.NpgsqlException or TimeoutException)
        {
            // Ended with the job, or the database is unreachable for now (the job will notice that itself).
        }
    }

    internal sealed class Watched(CancellationWatch watch, long requestId, CancellationTokenSource source, Task poll) : IAsyncDisposable
    {
        public CancellationToken Token => source.Token;

        /// <summary>Whether the request was cancelled (rather than the job's own token: deadline, shutdown).</summary>
        public bool CancelRequested => watch.Cancelled.ContainsKey(requestId);

        public async ValueTask DisposeAsync()
        {
            watch._running.TryRemove(new KeyValuePair<long, CancellationTokenSource>(requestId, source));
            await source.CancelAsync();
            await poll;
            watch.Cancelled.TryRemove(requestId, out _);
            source.Dispose();
        }
    }
}
