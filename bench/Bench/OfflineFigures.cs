using System.Diagnostics;
using ProductDescriber.Providers.Abstractions;
using Xunit.Abstractions;

namespace ProductDescriber.Providers.Offline.Tests;

/// <summary>Prints time and memory for the README's figures. It asserts only that the work completed: durations
/// on a shared 2-core machine are reported, never judged.</summary>
public sealed class OfflineFigures(ITestOutputHelper output)
{
    [Fact]
    public async Task Print_time_and_memory_of_analysis_and_a_4K_picture()
    {
        var provider = OfflineProviderFixture.Create();
        await OfflineProviderFixture.AnalyseAsync(provider, "stasher_2.png"); // warm up code paths and native library

        var (analysis, analysisAllocated, analysisPeak) = await MeasureAsync(async () =>
            Assert.NotNull((await OfflineProviderFixture.AnalyseAsync(provider, "stasher_1.png", "stasher_2.png")).Content));
        var request = OfflineGenerationTests.Request("on a marble table", new AspectRatio(16, 9), ImageResolution.FourK);
        long pngBytes = 0;
        var (generation, generationAllocated, generationPeak) = await MeasureAsync(async () =>
        {
            await foreach (var image in provider.Images!.GenerateAsync(request, CancellationToken.None))
            {
                pngBytes = image.Bytes.Length;
            }
        });

        Assert.True(pngBytes > 0);
        output.WriteLine($"analysis of both photos: {analysis.TotalMilliseconds:0} ms, {analysisAllocated / 1048576.0:0.0} MB managed allocated, peak working set +{analysisPeak / 1048576.0:0.0} MB");
        output.WriteLine($"16:9 4K generation of 1 image: {generation.TotalMilliseconds:0} ms, {generationAllocated / 1048576.0:0.0} MB managed allocated, peak working set +{generationPeak / 1048576.0:0.0} MB, PNG {pngBytes / 1048576.0:0.00} MB");
        output.WriteLine($"process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB");
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
