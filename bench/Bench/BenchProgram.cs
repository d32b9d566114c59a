using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using ProductDescriber.BuildingBlocks.GraphQL.Relay;
using ProductDescriber.Catalog.Contracts;

namespace ProductDescriber.Bench;

/// <summary>
/// GraphQL against a plain minimal-API endpoint, same Host, same database, one run. A class with Main rather than
/// top-level statements: the Host already defines the global <c>Program</c> type.
/// </summary>
internal static class BenchProgram
{
    private static readonly JsonSerializerOptions JsonOutput = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static async Task<BenchHost?> StartHostAsync(BenchOptions options)
    {
        try
        {
            return await BenchHost.StartAsync(options);
        }
        catch (Exception exception) when (exception is InvalidOperationException or OptionsValidationException or NpgsqlException)
        {
            await Console.Error.WriteLineAsync("The Host did not start: " + exception.Message);
            return null;
        }
    }

    /// <summary>
    /// Every scenario but the probe and <c>jobs</c>: the Host in a child process, so what it holds in memory, allocates
    /// and spends in CPU is its own, not the load generator's.
    /// </summary>
    private static async Task<int> RunAgainstServedHostAsync(BenchOptions options, string[] args, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        Console.Error.WriteLine("Starting the Host in its own process...");
        try
        {
            await using var host = await ServedHost.StartAsync(options, cancellationToken);
            using var client = new BenchClient(host.BaseAddress, options.Concurrency);
            await client.LoginAsync(BenchHost.AdminUsername, host.AdminPassword);
            if (options.Scenarios.Contains(BenchOptions.Subscribers))
            {
                await new SubscribersBench(host, client, options, cancellationToken).RunAsync(Console.Out);
                return 0;
            }

            await SeedAsync(client, options, cancellationToken);
            if (options.Scenarios.Contains(BenchOptions.Logins))
            {
                // Latency under an open loop: enough connections that none waits for another's answer.
                using var reader = new BenchClient(host.BaseAddress, 256);
                await reader.LoginAsync(BenchHost.AdminUsername, host.AdminPassword);
                await new LoginFloodBench(host, reader, options, cancellationToken).RunAsync(Console.Out);
                return 0;
            }

            var productId = await FirstProductIdAsync(client, options);
            var server = new ServerCounters(host, client.Http);
            var machine = await MachineFacts.CollectAsync(await server.PostgresVersionAsync(cancellationToken));
            var runner = new ScenarioRunner(client, server, options, cancellationToken);
            var results = new List<ScenarioResult>();
            foreach (var name in options.Scenarios)
            {
                results.Add(await runner.RunAsync(Scenario.Named(name, productId)));
            }

            var report = new BenchReport(
                startedAt,
                string.Join(' ', args),
                machine,
                options.Duration.TotalSeconds,
                options.Rounds,
                options.Warmup.TotalSeconds,
                options.Concurrency,
                results);
            ReportTable.Print(report, Console.Out);
            if (options.OutPath is { } path)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, JsonOutput), cancellationToken);
                Console.Error.WriteLine($"Wrote {Path.GetFullPath(path)}");
            }

            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return 130;
        }
        catch (InvalidOperationException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }
    }

    private static async Task SeedAsync(BenchClient client, BenchOptions options, CancellationToken cancellationToken)
    {
        var (created, existing) = await client.SeedUsersAsync(options.Users);
        Console.Error.WriteLine($"Seeded {created} users through registerUser ({existing} already there).");
        if (options.Scenarios.Intersect(Scenario.ProductScenarios).Any())
        {
            Console.Error.WriteLine("Seeding products through createProduct, uploadReferenceImages and analyzeProduct (Offline)...");
            Console.Error.WriteLine("Seeded " + await new ProductSeeder(client).SeedAsync(options.Products, cancellationToken) + ".");
        }
    }

    /// <summary>The product the <c>product</c> scenario reads: the newest, first in the default listing.</summary>
    private static async Task<long> FirstProductIdAsync(BenchClient client, BenchOptions options)
    {
        if (!options.Scenarios.Contains("product"))
        {
            return 0;
        }

        var id = (await client.GraphQLAsync("{ products(first: 1) { nodes { id } } }", []))["products"]?["nodes"]?[0]?["id"]?.GetValue<string>()
            ?? throw new InvalidOperationException("No product to read: seeding left none.");
        return GlobalId.TryDecodeLong(id, CatalogGraphTypes.Product, out var key) ? key : throw new InvalidOperationException($"Not a product id: {id}");
    }

    public static async Task<int> Main(string[] args)
    {
        BenchOptions? options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message + Environment.NewLine + BenchOptions.Usage);
            return 2;
        }

        if (options is null)
        {
            return 0;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Stop after the current round, so the private PostgreSQL is shut down and its folder removed.
            e.Cancel = true;
            cancellation.Cancel();
        };

        if (options.Serve)
        {
            return await ServedHost.ServeAsync(options);
        }

        if (options.ProbeIterations is null && !options.Scenarios.Contains(BenchOptions.Jobs))
        {
            return await RunAgainstServedHostAsync(options, args, cancellation.Token);
        }

        Console.Error.WriteLine(options.DatabaseUrl is null
            ? "Starting the Host with a private PostgreSQL cluster in a temporary folder..."
            : "Starting the Host on the given database...");
        await using var host = await StartHostAsync(options);
        if (host is null)
        {
            return 1;
        }
        using var client = new BenchClient(host.BaseAddress, options.Concurrency);
        try
        {
            await client.LoginAsync(BenchHost.AdminUsername, host.AdminPassword);
            if (options.Scenarios.Contains(BenchOptions.Jobs))
            {
                await new JobsBench(client, host.Services.GetRequiredService<NpgsqlDataSource>(), options, cancellation.Token).RunAsync(Console.Out);
                return 0;
            }

            await SeedAsync(client, options, cancellation.Token);
            var productId = await FirstProductIdAsync(client, options);
            await new Probe(host.Services, client.AccessToken, await client.MemberTokenAsync(), options.ProbeIterations!.Value)
                .RunAsync(options.Scenarios.Select(name => Scenario.Named(name, productId)), Console.Out);
            return 0;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return 130;
        }
        catch (InvalidOperationException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }
    }
}
