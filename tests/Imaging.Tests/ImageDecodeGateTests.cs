namespace ProductDescriber.Imaging.Tests;

public sealed class ImageDecodeGateTests
{
    [Fact]
    public async Task At_most_one_decode_per_core_runs_at_once()
    {
        using var gate = new ImageDecodeGate();
        var slots = Math.Max(1, Environment.ProcessorCount);
        var running = 0;
        var most = 0;
        using var release = new ManualResetEventSlim();

        var work = Enumerable.Range(0, slots + 2).Select(_ => gate.RunAsync(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            release.Wait(TimeSpan.FromSeconds(30));
            Interlocked.Decrement(ref running);
            return now;
        }, CancellationToken.None)).ToList();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref running) < slots && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await Task.Delay(200); // room for a decode beyond the limit to start, were the gate letting it
        Assert.Equal(slots, Volatile.Read(ref running));
        release.Set();
        await Task.WhenAll(work);
        Assert.Equal(slots, most);
    }

    [Fact]
    public async Task A_caller_waiting_for_a_slot_can_give_up()
    {
        using var gate = new ImageDecodeGate();
        using var release = new ManualResetEventSlim();
        var busy = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount))
            .Select(_ => gate.RunAsync(() => release.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None))
            .ToList();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.RunAsync(() => true, cancellation.Token));

        release.Set();
        await Task.WhenAll(busy);
        Assert.True(await gate.RunAsync(() => true, CancellationToken.None), "the slots are free again");
    }

    [Fact]
    public async Task Decoding_runs_on_its_own_threads_below_the_request_threads()
    {
        using var gate = new ImageDecodeGate();

        var seen = await gate.RunAsync(() => (Pool: Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name), CancellationToken.None);

        Assert.False(seen.Pool);
        Assert.StartsWith("image-", seen.Name, StringComparison.Ordinal);
        Assert.Equal(OperatingSystem.IsLinux(), gate.LoweredPriority);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
