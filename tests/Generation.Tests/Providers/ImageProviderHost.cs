using ProductDescriber.Generation.Tests.Support;

namespace ProductDescriber.Generation.Tests.Providers;

/// <summary>
/// A Host whose remote image provider is a fake server (started first, so the settings can name it), with short job
/// retry waits, and one analysed product its tests share (each test follows its own request).
/// </summary>
public abstract class ImageProviderHost : GenerationHostFixture
{
    public ImageFake Fake { get; private set; } = null!;

    public PhotographedProduct Product { get; private set; } = null!;

    protected abstract Task<ImageFake> StartFakeAsync();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(Fake.HostSettings)
    {
        ["Jobs:PollInterval"] = "00:00:01",

        // The job's own back-off when the provider names no wait (50, 100 ms); a Retry-After of 1 s is waited as given.
        ["Generation:RetryDelay"] = "00:00:00.050",
        ["Generation:AttemptsPerImage"] = "3",
    };

    public override async Task InitializeAsync()
    {
        Fake = await StartFakeAsync();
        await base.InitializeAsync();
        using var admin = await AdminAsync();
        Product = await admin.PhotographedProductAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

public sealed class OpenAIImageHost : ImageProviderHost
{
    protected override async Task<ImageFake> StartFakeAsync() => await OpenAIImages.StartAsync();
}

public sealed class GeminiImageHost : ImageProviderHost
{
    protected override async Task<ImageFake> StartFakeAsync() => await GeminiImages.StartAsync();
}

/// <summary>The Gemini Host, shared by the provider flow tests and the poison-job test (one Host start, not two).</summary>
[CollectionDefinition(Name)]
public sealed class GeminiImageCollection : ICollectionFixture<GeminiImageHost>
{
    public const string Name = "gemini images";
}
