using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;

namespace ProductDescriber.Bench;

/// <summary>
/// <c>--scenarios jobs</c>: end-to-end generation jobs per second with a provider that answers at once
/// (<see cref="InstantImagesProvider"/>). Clients submit <c>generateImages</c> (count 1) in a closed loop through the
/// public API; each request is then scheduled as a durable job (Quartz on PostgreSQL), run (RUNNING, one picture
/// stored with its XMP and file, SUCCEEDED) and published. The times come from the requests' own rows:
/// <c>created_at</c> (written by the mutation), <c>started_at</c> (the job took its slot) and <c>completed_at</c>.
/// </summary>
internal sealed class JobsBench(BenchClient client, NpgsqlDataSource database, BenchOptions options, CancellationToken cancellationToken)
{
    private const string Mutation = "mutation($i: GenerateImagesInput!) { generateImages(input: $i) { request { id } errors { __typename message } } }";
    private const int WarmupJobs = 20;
    private const int SequentialJobs = 50;
    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromMinutes(5);

    private int _refused;

    public async Task RunAsync(TextWriter output)
    {
        // Each product may have 100 unfinished requests (the bench's setting); a refused submit waits and retries.
        var productCount = Math.Clamp((options.JobCount + 99) / 100, 1, 10);
        Console.Error.WriteLine($"Seeding {productCount} products (photo + Offline analysis)...");
        Console.Error.WriteLine("Seeded " + await new ProductSeeder(client).SeedAsync(productCount, cancellationToken) + ".");
        var products = await ProductIdsAsync(productCount);

        // A Host runs for hours: what counts is its steady state, not its first seconds, when the JIT recompiles the
        // hot paths (a trace of the first 10 s after a 20-job warm-up showed 16 % of the CPU in the JIT).
        Console.Error.WriteLine($"Warm-up: jobs for {options.Warmup.TotalSeconds:0.#} s (at least {WarmupJobs})...");
        var warmup = Stopwatch.StartNew();
        do
        {
            await SubmitAndWaitAsync(products, WarmupJobs);
        }
        while (warmup.Elapsed < options.Warmup);

        var loadBefore = Distribution.LoadAverage();
        var databaseBefore = await DatabaseActivity.ReadAsync(database, cancellationToken);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        Console.Error.WriteLine($"Timed: {options.JobCount} jobs from {options.JobClients} clients, {options.JobSlots} job slots...");
        _refused = 0;
        var started = Stopwatch.GetTimestamp();
        var (since, submitSeconds) = await SubmitAndWaitAsync(products, options.JobCount);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var databaseAfter = await DatabaseActivity.ReadAsync(database, cancellationToken);
        var rows = await ReadRowsAsync(since);
        Report(output, rows, submitSeconds, cpu / elapsed / Environment.ProcessorCount, cpu, loadBefore);
        output.WriteLine("database: per job " + databaseAfter.PerJob(databaseBefore, rows.Count));

        // Scheduling overhead alone: one job at a time, so no job waits for a slot or the CPU behind another.
        Console.Error.WriteLine($"One at a time: {SequentialJobs} jobs...");
        var sequentialSince = DateTimeOffset.UtcNow;
        for (var i = 0; i < SequentialJobs; i++)
        {
            await SubmitAsync(products[i % products.Count], options.JobCount + i);
            await WaitForCompletionAsync(sequentialSince, i + 1);
        }

        var sequential = await ReadRowsAsync(sequentialSince);
        output.WriteLine($"one at a time ({sequential.Count} jobs, each submitted after the previous finished):");
        output.WriteLine($"  created -> started   : {new Distribution(sequential.Where(r => r.StartedAt is not null).Select(r => (r.StartedAt!.Value - r.CreatedAt).TotalMilliseconds))}  (scheduling overhead: commit, queue, claim, slot)");
        output.WriteLine($"  started -> completed : {new Distribution(sequential.Where(r => r.StartedAt is not null).Select(r => (r.CompletedAt - r.StartedAt!.Value).TotalMilliseconds))}  (the job's own work)");
    }

    private async Task<(DateTimeOffset Since, double SubmitSeconds)> SubmitAndWaitAsync(IReadOnlyList<string> products, int count)
    {
        var since = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, options.JobClients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await SubmitAsync(products[i % products.Count], i);
            }
        }));
        var submitSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await WaitForCompletionAsync(since, count);
        return (since, submitSeconds);
    }

    private async Task SubmitAsync(string productId, int number)
    {
        var input = new JsonObject
        {
            ["i"] = new JsonObject
            {
                ["productId"] = productId,
                ["prompt"] = "On a plain table, soft daylight.",
                ["provider"] = InstantImagesProvider.ProviderName,
                ["count"] = 1,
                ["seed"] = number.ToString(CultureInfo.InvariantCulture),
            },
        };
        while (true)
        {
            var payload = (await client.GraphQLAsync(Mutation, input))["generateImages"];
            if (payload?["request"] is JsonObject)
            {
                return;
            }

            if (payload?["errors"] is JsonArray { Count: 1 } errors && errors[0]?["__typename"]?.GetValue<string>() == "ConflictError")
            {
                // The product has its 100 unfinished requests: the jobs are behind the clients.
                Interlocked.Increment(ref _refused);
                await Task.Delay(20, cancellationToken);
                continue;
            }

            throw new InvalidOperationException($"generateImages failed: {payload?.ToJsonString()}");
        }
    }

    private async Task WaitForCompletionAsync(DateTimeOffset since, int count)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(CompletionTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            await using var command = database.CreateCommand(
                "SELECT count(*), count(*) FILTER (WHERE completed_at IS NULL) FROM generation.generation_requests WHERE created_at >= $1");
            command.Parameters.Add(new NpgsqlParameter { Value = since });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (total, unfinished) = (reader.GetInt64(0), reader.GetInt64(1));
            if (total >= count && unfinished == 0)
            {
                return;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException($"{unfinished} of {total} requests were still unfinished after {CompletionTimeout}.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<List<JobRow>> ReadRowsAsync(DateTimeOffset since)
    {
        await using var command = database.CreateCommand(
            "SELECT status, created_at, started_at, completed_at FROM generation.generation_requests WHERE created_at >= $1");
        command.Parameters.Add(new NpgsqlParameter { Value = since });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<JobRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new JobRow(
                reader.GetString(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return rows;
    }

    private async Task<List<string>> ProductIdsAsync(int count)
    {
        var ids = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var slug = "bench-product-" + i.ToString("D3", CultureInfo.InvariantCulture);
            var product = (await client.GraphQLAsync("query($slug: String!) { product(slug: $slug) { id } }", new JsonObject { ["slug"] = slug }))["product"];
            ids.Add(product?["id"]?.GetValue<string>() ?? throw new InvalidOperationException($"Product {slug} was not seeded."));
        }

        return ids;
    }

    private void Report(TextWriter output, List<JobRow> rows, double submitSeconds, double cpuShare, TimeSpan cpu, string loadBefore)
    {
        var first = rows.Min(r => r.CreatedAt);
        var last = rows.Max(r => r.CompletedAt);
        var wall = (last - first).TotalSeconds;
        var perSecond = rows.Count / wall;
        // Slot time per job: how long each job held one of the slots, on average, if all slots were always busy.
        // The provider's own time is zero here, so this is all overhead (scheduling, database, storing, events).
        var slotMs = wall * 1000 * options.JobSlots / rows.Count;
        var latency = new Distribution(rows.Select(r => (r.CompletedAt - r.CreatedAt).TotalMilliseconds));
        var toStart = new Distribution(rows.Where(r => r.StartedAt is not null).Select(r => (r.StartedAt!.Value - r.CreatedAt).TotalMilliseconds));
        var inJob = new Distribution(rows.Where(r => r.StartedAt is not null).Select(r => (r.CompletedAt - r.StartedAt!.Value).TotalMilliseconds));
        var statuses = string.Join(", ", rows.GroupBy(r => r.Status).Select(g => $"{g.Key} {g.Count()}"));

        output.WriteLine();
        output.WriteLine("Generation jobs end to end, provider answering at once (instant), Host in this process");
        output.WriteLine(Invariant($"machine : {Environment.ProcessorCount} cores, load average {loadBefore} before the timed run, {Distribution.LoadAverage()} after"));
        output.WriteLine(Invariant($"settings: Jobs:WorkerThreads = Generation:MaxConcurrentJobs = MaxConcurrentJobsPerProvider = {options.JobSlots}, Jobs:PollInterval 1 s; {options.JobClients} submitting clients"));
        output.WriteLine(Invariant($"jobs    : {rows.Count} ({statuses}); submitting took {submitSeconds:0.00} s, {_refused} submits refused (100 unfinished per product) and retried"));
        output.WriteLine(Invariant($"wall    : {wall:0.00} s from the first request's created_at to the last completed_at"));
        output.WriteLine(Invariant($"rate    : {perSecond:0.0} jobs/s  (goal >= 50)"));
        output.WriteLine(Invariant($"overhead: {slotMs:0.0} ms of slot time per job (wall x {options.JobSlots} slots / jobs; the provider takes ~0 ms), {1000 / perSecond:0.0} ms of wall time per job"));
        output.WriteLine($"submit -> completed : {latency}");
        output.WriteLine($"submit -> started   : {toStart}  (queue + scheduling + slot wait)");
        output.WriteLine($"started -> completed: {inJob}  (the job's own work: photo read, provider, store, 4 writes)");
        output.WriteLine(Invariant($"cpu     : this process (client + Host) used {cpu.TotalSeconds:0.0} s of CPU = {cpuShare:P0} of all cores, {cpu.TotalMilliseconds / rows.Count:0.0} ms per job; PostgreSQL runs outside it"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record JobRow(string Status, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset CompletedAt);
}
