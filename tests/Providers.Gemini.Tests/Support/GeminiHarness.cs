using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.ContractKit;

namespace ProductDescriber.Providers.Gemini.Tests.Support;

/// <summary>A fake Gemini plus the provider registered through the real module, pointed at it.</summary>
internal sealed class GeminiHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private GeminiHarness(FakeGemini fake, ServiceProvider services, RecordingTimeProvider time, RecordingLogger logs)
    {
        Fake = fake;
        Logs = logs;
        this.services = services;
        Time = time;
        Provider = services.GetRequiredService<IAiProvider>();
    }

    public FakeGemini Fake { get; }

    public IAiProvider Provider { get; }

    public RecordingTimeProvider Time { get; }

    /// <summary>Everything logged, at every level, including the HttpClient factory's own request logs.</summary>
    public RecordingLogger Logs { get; }

    /// <summary>Retry waits are tens of milliseconds unless a test sets them.</summary>
    public static async Task<GeminiHarness> StartAsync(Dictionary<string, string?>? settings = null, bool withKey = true)
    {
        var fake = await FakeGemini.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["Providers:Gemini:BaseUrl"] = fake.BaseUrl.ToString(),
            ["Providers:Gemini:RetryBaseDelaySeconds"] = "0.01",
            ["Providers:Gemini:MaxRetries"] = "2",
        };
        if (withKey)
        {
            all["Providers:Gemini:ApiKey"] = GeminiFixtures.ApiKey;
        }

        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var time = new RecordingTimeProvider();
        var collection = new ServiceCollection();
        var logs = new RecordingLogger();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        new GeminiProviderModule().Register(collection, configuration);
        return new GeminiHarness(fake, collection.BuildServiceProvider(), time, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

internal sealed class RecordingLogger : ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        lines.Enqueue($"scope: {state}");
        return null;
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
        lines.Enqueue($"{logLevel}: {formatter(state, exception)} [{values}] {exception}");
    }

    public void Dispose()
    {
    }
}
