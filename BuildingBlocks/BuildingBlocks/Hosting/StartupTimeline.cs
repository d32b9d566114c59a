using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ProductDescriber.BuildingBlocks.Hosting;

/// <summary>
/// Where the start-up time goes: each phase of a Host's start-up marks its end here, and each mark becomes one Debug
/// line of category <see cref="Category"/> with the milliseconds since the process started (runtime start included)
/// and since the previous mark. See them with <c>Logging__LogLevel__ProductDescriber.Startup=Debug</c>. Marks made
/// before logging exists (while the services are registered) are kept and written once a logger is attached.
/// </summary>
public sealed partial class StartupTimeline
{
    public const string Category = "ProductDescriber.Startup";

    private readonly double _processAgeAtCreationMs = ProcessAgeMs();
    private readonly Stopwatch _sinceCreation = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly List<(string Phase, long AtMs)> _unwritten = [];
    private ILogger? _logger;
    private long _lastMs;
    private int _firstRequestSeen;
    private int _firstGraphQLRequestSeen;

    /// <summary>False once the first request and the first GraphQL request were answered: nothing left to mark.</summary>
    public bool WatchesRequests => Volatile.Read(ref _firstGraphQLRequestSeen) == 0;

    /// <summary>Records the end of <paramref name="phase"/> now.</summary>
    public void Mark(string phase)
    {
        lock (_gate)
        {
            // Read under the lock: marks from parallel stages are written in the order of their times.
            var atMs = (long)(_processAgeAtCreationMs + _sinceCreation.Elapsed.TotalMilliseconds);
            if (_logger is null)
            {
                _unwritten.Add((phase, atMs));
                return;
            }

            Write(phase, atMs);
        }
    }

    /// <summary>Marks the end of the first request the Host answered, and of the first one to <paramref name="graphQLPath"/>.</summary>
    public void MarkAnswered(string path, int statusCode, string graphQLPath)
    {
        if (Interlocked.Exchange(ref _firstRequestSeen, 1) == 0)
        {
            Mark($"first request answered ({path}: {statusCode})");
        }

        if (path.StartsWith(graphQLPath, StringComparison.Ordinal) && Interlocked.Exchange(ref _firstGraphQLRequestSeen, 1) == 0)
        {
            Mark($"first GraphQL request answered ({statusCode})");
        }
    }

    /// <summary>From now on marks are written at once; those made before are written first, in order.</summary>
    public void Attach(ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        lock (_gate)
        {
            _logger = loggers.CreateLogger(Category);
            foreach (var (phase, atMs) in _unwritten)
            {
                Write(phase, atMs);
            }

            _unwritten.Clear();
        }
    }

    private void Write(string phase, long atMs)
    {
        LogPhase(_logger!, phase, atMs, atMs - _lastMs);
        _lastMs = atMs;
    }

    // The process's start time is what a user waits from; /proc gives it in clock ticks (10 ms), enough for a timeline.
    private static double ProcessAgeMs()
    {
        using var process = Process.GetCurrentProcess();
        return Math.Max(0, (DateTime.Now - process.StartTime).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Start-up: {Phase} at {AtMs} ms (+{PhaseMs} ms)")]
    private static partial void LogPhase(ILogger logger, string phase, long atMs, long phaseMs);
}
