using System.Collections.Concurrent;

namespace ProductDescriber.Providers.ContractKit;

/// <summary>
/// The system clock, noting every timer's due time: lets a provider's tests assert the waits its retry logic chose
/// (e.g. a server's Retry-After) without sleeping less. Register it as the <see cref="TimeProvider"/> in DI.
/// </summary>
public sealed class RecordingTimeProvider : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();

    public IReadOnlyCollection<TimeSpan> DueTimes => _dueTimes;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _dueTimes.Enqueue(dueTime);
        return System.CreateTimer(callback, state, dueTime, period);
    }
}
