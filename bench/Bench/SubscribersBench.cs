using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ProductDescriber.Bench;

/// <summary>
/// <c>--scenarios subscribers</c>: many graphql-transport-ws subscribers on ONE product's <c>productActivity</c>, the
/// Host in a child process (<see cref="ServedHost"/>). Then generation requests of that product are made one after
/// the other (provider <see cref="InstantImagesProvider"/>); each change of a request (PENDING, RUNNING, SUCCEEDED)
/// reaches every subscriber. Latency per receipt = the moment its last frame arrived minus the item's
/// <c>updatedAt</c>, which the Host writes just before it commits the change (same machine, same clock). The Host's
/// memory is read through <c>/bench/memory</c> before and after the subscribers connect.
/// </summary>
internal sealed class SubscribersBench(ServedHost host, BenchClient client, BenchOptions options, CancellationToken cancellationToken)
{
    private const string Query = "subscription($p: ID!) { productActivity(productId: $p) { kind id status imagesDone updatedAt } }";
    private const string Mutation = "mutation($i: GenerateImagesInput!) { generateImages(input: $i) { request { id } errors { __typename message } } }";
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<Receipt> _receipts = new();
    private readonly ConcurrentDictionary<string, int> _succeeded = new(StringComparer.Ordinal);

    public async Task RunAsync(TextWriter output)
    {
        Console.Error.WriteLine("Seeding 1 product (photo + Offline analysis)...");
        Console.Error.WriteLine("Seeded " + await new ProductSeeder(client).SeedAsync(1, cancellationToken) + ".");
        var productId = (await client.GraphQLAsync("query { product(slug: \"bench-product-001\") { id } }", []))["product"]!["id"]!.GetValue<string>();

        // Warm-up with a few subscribers: JIT of the generation path, the subscription and the bus.
        var url = new UriBuilder(new Uri(host.BaseAddress, "/graphql")) { Scheme = "ws" }.Uri;
        await using (var warm = await ConnectAsync(url, productId, 5))
        {
            await Task.Delay(500, cancellationToken);
            for (var i = 0; i < 3; i++)
            {
                await GenerateAndAwaitAsync(productId, 5, "warm-up");
            }
        }

        _receipts.Clear();
        var before = await MemoryAsync();
        var loadBefore = Distribution.LoadAverage();
        Console.Error.WriteLine($"Connecting {options.SubscriberCount} subscribers...");
        var connecting = Stopwatch.GetTimestamp();
        await using var subscribers = await ConnectAsync(url, productId, options.SubscriberCount);
        var connectSeconds = Stopwatch.GetElapsedTime(connecting).TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken); // every subscribe answered
        var idleFrom = (Cpu: HostCpu(), At: Stopwatch.GetTimestamp());
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var idle = (HostCpu() - idleFrom.Cpu) / Stopwatch.GetElapsedTime(idleFrom.At);
        var after = await MemoryAsync();

        Console.Error.WriteLine($"Warming up: {options.WarmupEvents} requests with all {options.SubscriberCount} listening, not counted...");
        var warmupStarted = Stopwatch.GetTimestamp();
        for (var i = 0; i < options.WarmupEvents; i++)
        {
            await GenerateAndAwaitAsync(productId, options.SubscriberCount, "warm-up event " + (i + 1).ToString(CultureInfo.InvariantCulture));
            await Task.Delay(200, cancellationToken);
        }

        // Until the runtime has recompiled what the deliveries run (its background JIT), a state costs more.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var warmupSeconds = Stopwatch.GetElapsedTime(warmupStarted).TotalSeconds;
        _receipts.Clear();

        Console.Error.WriteLine($"Making {options.Events} generation requests, one after the other...");
        var requestIds = new List<string>();
        var cpuBefore = (Host: HostCpu(), Clients: Process.GetCurrentProcess().TotalProcessorTime);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < options.Events; i++)
        {
            requestIds.Add(await GenerateAndAwaitAsync(productId, options.SubscriberCount, "event " + (i + 1).ToString(CultureInfo.InvariantCulture)));
            await Task.Delay(200, cancellationToken);
        }

        var eventsSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = (Host: HostCpu() - cpuBefore.Host, Clients: Process.GetCurrentProcess().TotalProcessorTime - cpuBefore.Clients);
        Report(output, requestIds, before, after, connectSeconds, (warmupSeconds, eventsSeconds), loadBefore, cpu, idle);
    }

    private async Task<Subscribers> ConnectAsync(Uri url, string productId, int count)
    {
        var subscribers = new WsSubscriber[count];
        var next = -1;
        // 32 handshakes at a time: each is an HTTP upgrade plus a token check (a session read) on the Host.
        await Task.WhenAll(Enumerable.Range(0, Math.Min(32, count)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                subscribers[i] = await WsSubscriber.SubscribeAsync(i, url, client.AccessToken, Query, new { p = productId }, Record, cancellationToken);
            }
        }));
        return new Subscribers(subscribers);
    }

    private void Record(Receipt receipt)
    {
        _receipts.Enqueue(receipt);
        if (receipt.Status == "SUCCEEDED")
        {
            _succeeded.AddOrUpdate(receipt.ItemId, 1, (_, count) => count + 1);
        }
    }

    private int Succeeded(string requestId) => _succeeded.TryGetValue(requestId, out var count) ? count : 0;

    /// <summary>Makes one request and waits until <paramref name="listeners"/> subscribers have its SUCCEEDED.</summary>
    private async Task<string> GenerateAndAwaitAsync(string productId, int listeners, string label)
    {
        var payload = (await client.GraphQLAsync(Mutation, new JsonObject
        {
            ["i"] = new JsonObject
            {
                ["productId"] = productId,
                ["prompt"] = "On a plain table, soft daylight.",
                ["provider"] = InstantImagesProvider.ProviderName,
                ["count"] = 1,
            },
        }))["generateImages"];
        var requestId = payload?["request"]?["id"]?.GetValue<string>() ?? throw new InvalidOperationException($"generateImages failed: {payload?.ToJsonString()}");
        var deadline = Stopwatch.GetTimestamp() + (long)(EventTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Succeeded(requestId) < listeners)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                await Console.Error.WriteLineAsync($"{label}: only {Succeeded(requestId)} of {listeners} subscribers saw SUCCEEDED within {EventTimeout}.");
                break;
            }

            await Task.Delay(20, cancellationToken);
        }

        return requestId;
    }

    private async Task<MemoryFigures> MemoryAsync() =>
        await client.Http.GetFromJsonAsync<MemoryFigures>(new Uri(host.BaseAddress, "/bench/memory"), cancellationToken)
        ?? throw new InvalidOperationException("/bench/memory answered nothing.");

    /// <summary>
    /// The Host's CPU time so far: with the machine shared, CPU per delivered state is the figure that other load
    /// disturbs least (latency is the goal, CPU says where it goes).
    /// </summary>
    private TimeSpan HostCpu()
    {
        using var process = Process.GetProcessById(host.ProcessId);
        return process.TotalProcessorTime;
    }

    private void Report(TextWriter output, List<string> requestIds, MemoryFigures before, MemoryFigures after, double connectSeconds, (double Warmup, double Events) seconds, string loadBefore, (TimeSpan Host, TimeSpan Clients) cpu, double idle)
    {
        var mine = _receipts.Where(r => requestIds.Contains(r.ItemId)).ToList();
        // One event = one state of one request as the Host committed it (LiveState may skip a state a subscriber's
        // read came too late for, so each group holds the receipts of the subscribers that saw it).
        var events = mine.GroupBy(r => (r.ItemId, r.Status, r.UpdatedAt)).ToList();
        var all = new Distribution(mine.Select(Milliseconds));
        var last = new Distribution(events.Select(e => e.Max(Milliseconds)));
        var n = options.SubscriberCount;

        output.WriteLine();
        output.WriteLine(Invariant($"{n} graphql-transport-ws subscribers on one product's productActivity; Host in its own process (pid {host.ProcessId}), clients in this one"));
        output.WriteLine(Invariant($"machine : {Environment.ProcessorCount} cores, load average {loadBefore} before connecting, {Distribution.LoadAverage()} at the end"));
        output.WriteLine(Invariant($"connect : {n} subscribers connected, initialised and subscribed in {connectSeconds:0.0} s"));
        output.WriteLine(Invariant($"memory  : Host managed heap {Mb(before.HeapBytes)} -> {Mb(after.HeapBytes)} MB = {(after.HeapBytes - before.HeapBytes) / 1024.0 / n:0.0} KB per subscriber (after a full GC)"));
        output.WriteLine(Invariant($"          Host resident set {Mb(before.ResidentBytes)} -> {Mb(after.ResidentBytes)} MB = {(after.ResidentBytes - before.ResidentBytes) / 1024.0 / n:0.0} KB per subscriber  (goal < 30 KB)"));
        output.WriteLine(Invariant($"warm-up : {options.WarmupEvents} requests with every subscriber listening, in {seconds.Warmup:0.0} s before the timed ones (not counted)"));
        output.WriteLine(Invariant($"events  : {requestIds.Count} requests in {seconds.Events:0.0} s, {events.Count} distinct states delivered, {mine.Count} receipts (a subscriber whose read comes late skips a state; RUNNING is two states: started, picture stored)"));
        output.WriteLine(Invariant($"idle    : the Host uses {idle * 100:0.0} % of a core with {n} subscribers connected and nothing happening"));
        output.WriteLine(Invariant($"cpu     : Host {cpu.Host.TotalMilliseconds / events.Count:0.0} ms, clients {cpu.Clients.TotalMilliseconds / events.Count:0.0} ms per state delivered to every subscriber (requests included)"));
        output.WriteLine($"commit -> receipt, every receipt      : {all}");
        output.WriteLine($"commit -> receipt, last subscriber    : {last}  (per state; goal p99 < 50 ms)");
        foreach (var status in new[] { "PENDING", "RUNNING", "SUCCEEDED" })
        {
            var ofStatus = events.Where(e => e.Key.Status == status).ToList();
            output.WriteLine(Invariant($"  {status,-9}: {ofStatus.Sum(e => e.Count()),6} receipts, last subscriber {new Distribution(ofStatus.Select(e => e.Max(Milliseconds)))}"));
        }

        // A state committed while the previous one was still on its way to the subscribers waits for that fan-out.
        var inOrder = events.Select(e => (Committed: e.Key.UpdatedAt, Done: e.Max(r => r.ReceivedAt), Last: e.Max(Milliseconds))).OrderBy(e => e.Committed).ToList();
        var behind = inOrder.Skip(1).Where((e, i) => e.Committed < inOrder[i].Done).Select(e => e.Last).ToList();
        var alone = inOrder.Take(1).Concat(inOrder.Skip(1).Where((e, i) => e.Committed >= inOrder[i].Done)).Select(e => e.Last).ToList();
        output.WriteLine(Invariant($"  committed while the previous state was still being delivered: last subscriber {new Distribution(behind)}"));
        output.WriteLine(Invariant($"  committed after it reached every subscriber                : last subscriber {new Distribution(alone)}"));
    }

    private static double Milliseconds(Receipt r) => (r.ReceivedAt - r.UpdatedAt).TotalMilliseconds;

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Subscribers(WsSubscriber[] subscribers) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var subscriber in subscribers)
            {
                await subscriber.DisposeAsync();
            }
        }
    }
}
