namespace ProductDescriber.PostgreSQL.Connection;

/// <summary>
/// A logger for work that begins before the Host's logging exists: it keeps what is logged and hands it, in order, to
/// the real logger once one is attached; from then on it passes every entry straight through.
/// </summary>
internal sealed class DeferredLogger : ILogger
{
    private readonly Lock _gate = new();
    private readonly List<Action<ILogger>> _kept = [];
    private ILogger? _target;

    public void Attach(ILogger target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_gate)
        {
            // Under the lock: an entry logged meanwhile waits here instead of overtaking the kept ones.
            foreach (var entry in _kept)
            {
                entry(target);
            }

            _kept.Clear();
            _target = target;
        }
    }

    // Scopes begun before a logger is attached have nowhere to go; nothing of ours begins one.
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => Volatile.Read(ref _target)?.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => Volatile.Read(ref _target)?.IsEnabled(logLevel) ?? logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (Volatile.Read(ref _target) is { } target)
        {
            target.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        lock (_gate)
        {
            if (_target is null)
            {
                _kept.Add(logger => logger.Log(logLevel, eventId, state, exception, formatter));
                return;
            }
        }

        _target.Log(logLevel, eventId, state, exception, formatter);
    }
}
