using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ProductDescriber.Providers.Abstractions;
using ProductDescriber.Providers.Offline;

namespace ProductDescriber.Bench;

/// <summary>
/// <c>offline-figures</c>: time and memory of the Offline provider on the fixture photos of its tests, for the
/// figures in Providers/Offline/README.md. Durations on a shared machine are reported, never judged.
/// </summary>
internal static class OfflineFigures
{
    public const string Command = "offline-figures";

    public static async Task<int> RunAsync(TextWriter output)
    {
        var provider = Create();
        await AnalyseAsync(provider, "stasher_2.png"); // warm up code paths and the native library

        var (analysis, analysisAllocated, analysisPeak) = await MeasureAsync(() => AnalyseAsync(provider, "stasher_1.png", "stasher_2.png"));
        var request = new ImageGenerationRequest(
            "on a marble table",
            [new InputImage(Photo("stasher_2.png"), "image/png", IsPrimary: true)],
            new AspectRatio(16, 9),
            ImageResolution.FourK);
        long pngBytes = 0;
        var (generation, generationAllocated, generationPeak) = await MeasureAsync(async () =>
        {
            await foreach (var image in provider.Images!.GenerateAsync(request, CancellationToken.None))
            {
                pngBytes = image.Bytes.Length;
            }
        });

        if (pngBytes == 0)
        {
            await Console.Error.WriteLineAsync("The Offline provider generated no image.");
            return 1;
        }

        await output.WriteLineAsync($"analysis of both photos: {analysis.TotalMilliseconds:0} ms, {analysisAllocated / 1048576.0:0.0} MB managed allocated, peak working set +{analysisPeak / 1048576.0:0.0} MB");
        await output.WriteLineAsync($"16:9 4K generation of 1 image: {generation.TotalMilliseconds:0} ms, {generationAllocated / 1048576.0:0.0} MB managed allocated, peak working set +{generationPeak / 1048576.0:0.0} MB, PNG {pngBytes / 1048576.0:0.00} MB");
        await output.WriteLineAsync($"process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB");
        return 0;
    }

    /// <summary>The provider as the Host gets it: its module registers it into a service collection.</summary>
    private static IAiProvider Create()
    {
        var services = new ServiceCollection();
        new OfflineProviderModule().Register(services, new ConfigurationBuilder().Build());
        return services.BuildServiceProvider().GetServices<IAiProvider>().Single(p => p.Descriptor.Name == "offline");
    }

    /// <summary>Copied beside the tool from tests/Providers.Offline.Tests/Fixtures (see Bench.csproj).</summary>
    private static byte[] Photo(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "OfflineFixtures", name));

    private static async Task AnalyseAsync(IAiProvider provider, params string[] photos)
    {
        var items = new ChatMessageContentItemCollection { new TextContent("Describe this product using the template.") };
        foreach (var photo in photos)
        {
            items.Add(new ImageContent(Photo(photo), "image/png"));
        }

        var history = new ChatHistory();
        history.AddUserMessage(items);
        var replies = await provider.Vision!.GetChatMessageContentsAsync(history);
        if (replies.Single().Content is null)
        {
            throw new InvalidOperationException("The Offline provider's analysis came back empty.");
        }
    }

    /// <summary>Duration, managed bytes allocated on this thread and others, and how far the process's peak working
    /// set (managed and native) rose during the work.</summary>
    private static async Task<(TimeSpan Duration, long Allocated, long PeakRise)> MeasureAsync(Func<Task> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var peakBefore = process.PeakWorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        await work();
        var duration = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        return (duration, allocated, process.PeakWorkingSet64 - peakBefore);
    }
}
