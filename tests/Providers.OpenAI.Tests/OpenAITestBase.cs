using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.ContractKit;

namespace ProductDescriber.Providers.OpenAI.Tests;

/// <summary>A fresh fake server per test and a provider built the way the Host builds it (configuration + DI).</summary>
public abstract class OpenAITestBase : IAsyncLifetime
{
    protected internal const string Key = "sk-test-Zq8mW3xK9pL2vN7rT4yB6cD1";

    private ServiceProvider? _services;

    protected FakeOpenAI Fake { get; private set; } = null!;

    /// <summary>The clock the provider's retry pipeline uses (taken from DI, as in the Host).</summary>
    protected RecordingTimeProvider Time { get; } = new();

    /// <summary>Every log line written while the provider ran, at every level.</summary>
    protected System.Collections.Concurrent.ConcurrentQueue<string> Logs { get; } = new();

    public async Task InitializeAsync() => Fake = await FakeOpenAI.StartAsync();

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await Fake.DisposeAsync();
    }

    /// <summary>Fast retries and short timeouts; each test overrides what it is about.</summary>
    protected IAiProvider Provider(params (string Name, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Providers:OpenAI:ApiKey"] = Key,
            ["Providers:OpenAI:BaseUrl"] = Fake.BaseUrl.ToString(),
            ["Providers:OpenAI:RetryDelaySeconds"] = "0.01",
            ["Providers:OpenAI:VisionTimeoutSeconds"] = "20",
            ["Providers:OpenAI:ImageTimeoutSeconds"] = "20",
        };
        foreach (var (name, value) in overrides)
        {
            settings["Providers:OpenAI:" + name] = value;
        }

        return Build(settings);
    }

    protected IAiProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(Logs)));
        new OpenAIProviderModule().Register(services, configuration);
        _services = services.BuildServiceProvider();
        return _services.GetServices<IAiProvider>().Single(p => p.Descriptor.Name == "openai");
    }

    protected static ChatHistory PhotoQuestion(params InputImage[] photos)
    {
        var history = new ChatHistory("You describe products for a shop.");
        var items = new ChatMessageContentItemCollection { new TextContent("Describe this product.") };
        foreach (var photo in photos)
        {
            items.Add(new ImageContent(photo.Bytes, photo.MediaType));
        }

        history.AddUserMessage(items);
        return history;
    }

    protected static ImageGenerationRequest Pictures(int count, params InputImage[] references) =>
        new("A studio shot of the mug on white.", references, new AspectRatio(16, 9), ImageResolution.TwoK, count);

    protected static async Task<List<GeneratedImage>> AllAsync(IAsyncEnumerable<GeneratedImage> images, CancellationToken ct = default)
    {
        var list = new List<GeneratedImage>();
        await foreach (var image in images.WithCancellation(ct))
        {
            list.Add(image);
        }

        return list;
    }

    /// <summary>Runs the call, expects a typed error, and checks that no form of the key leaked into it.</summary>
    protected static async Task<AiProviderException> FailsAsync(Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<AiProviderException>(call);
        Assert.Equal("openai", e.Provider);
        Assert.DoesNotContain(Key, e.ToString());
        Assert.DoesNotContain(Key[8..], e.ToString());
        Assert.DoesNotContain(Key, e.Detail ?? "");
        return e;
    }
}

internal sealed class CapturingLoggerProvider(System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
    }
}
