using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ProductDescriber.Identity.Tests.Support;

/// <summary>Every log line a Host writes, with its structured values, for assertions.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    internal sealed record LogLine(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values)
    {
        public string? Value(string name) => Values.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private sealed class Logger(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
            lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception), values));
        }
    }
}
