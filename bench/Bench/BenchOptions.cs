using System.Globalization;

namespace ProductDescriber.Bench;

/// <summary>The command line. Durations are whole or fractional seconds.</summary>
internal sealed record BenchOptions
{
    public const string DefaultOutPath = "bench/results/latest.json";

    public static readonly IReadOnlyList<string> KnownScenarios = ["me", "users", "product", "product-variables", "products", "typename", Jobs, Subscribers, Logins];

    /// <summary>Generation jobs per second (<see cref="JobsBench"/>); runs alone, not against a plain variant.</summary>
    public const string Jobs = "jobs";

    /// <summary><c>me</c> at a fixed rate with and without a login flood (<see cref="LoginFloodBench"/>); runs alone.</summary>
    public const string Logins = "logins";

    /// <summary>WebSocket subscribers on one product (<see cref="SubscribersBench"/>); runs alone.</summary>
    public const string Subscribers = "subscribers";

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public int Rounds { get; init; } = 3;

    public int Concurrency { get; init; } = 16;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);

    public int Users { get; init; } = 50;

    /// <summary>Products seeded (each with a photo and an analysis) when <c>product</c> or <c>products</c> runs.</summary>
    public int Products { get; init; } = 60;

    public IReadOnlyList<string> Scenarios { get; init; } = ["me", "users"];

    public string? DatabaseUrl { get; init; }

    public string? OutPath { get; init; }

    /// <summary>With <c>jobs</c>: requests (count 1 each) submitted in the timed run.</summary>
    public int JobCount { get; init; } = 300;

    /// <summary>With <c>jobs</c>: clients submitting at once, each waiting for its answer before the next.</summary>
    public int JobClients { get; init; } = 4;

    /// <summary>With <c>jobs</c> and <c>subscribers</c>: Jobs:WorkerThreads and Generation:MaxConcurrentJobs(PerProvider).</summary>
    public int JobSlots { get; init; } = 8;

    /// <summary>With <c>subscribers</c>: WebSocket connections, each subscribed to the same product's activity.</summary>
    public int SubscriberCount { get; init; } = 1000;

    /// <summary>With <c>subscribers</c>: generation requests made one after the other while they listen.</summary>
    public int Events { get; init; } = 10;

    /// <summary>
    /// With <c>subscribers</c>: requests made once all are connected, before the timed ones and not counted. With
    /// 1,000 subscribers every delivery method is hot at once and the runtime recompiles them optimised (tiered
    /// compilation) for seconds: what a Host that has run for a while no longer does.
    /// </summary>
    public int WarmupEvents { get; init; } = 60;

    /// <summary>With <c>logins</c>: <c>me</c> requests sent per second.</summary>
    public int Rate { get; init; } = 200;

    /// <summary>With <c>logins</c>: connections logging in flat out during the flooded rounds.</summary>
    public int FloodClients { get; init; } = 8;

    /// <summary>Internal: run only the Host and print its address, for <see cref="ServedHost"/>.</summary>
    public bool Serve { get; init; }

    /// <summary>When set, the phase probe runs (this many calls per step) instead of the load.</summary>
    public int? ProbeIterations { get; init; }

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Bench -- [options]

          --duration <s>       seconds per measured round and variant (default 10)
          --rounds <n>         measured rounds per variant, interleaved GraphQL, plain, GraphQL, ... (default 3)
          --warmup <s>         seconds of warm-up per variant before the rounds; jobs: of jobs before the timed run (default 10)
          --concurrency <n>    closed-loop workers = HTTP/1.1 keep-alive connections (default 16)
          --scenarios <list>   comma-separated: me, users, product, products, typename (default me,users);
                               or jobs, subscribers or logins, alone (see bench/README.md)
          --users <n>          users to seed through the registerUser mutation (default 50)
          --products <n>       products to seed for product(s), each with a photo and an analysis (default 60)
          --jobs <n>           jobs: generation requests in the timed run (default 300)
          --job-clients <n>    jobs: clients submitting at once (default 4)
          --job-slots <n>      jobs, subscribers: Jobs:WorkerThreads = Generation:MaxConcurrentJobs(PerProvider) (default 8)
          --subscribers <n>    subscribers: WebSocket subscribers on one product (default 1000)
          --events <n>         subscribers: generation requests made while they listen (default 10)
          --warmup-events <n>  subscribers: requests made first with all of them listening, not counted (default 60)
          --rate <n>           logins: me requests per second, open loop (default 200)
          --flood-clients <n>  logins: connections logging in flat out in the flooded rounds (default 8)
          --database-url <u>   use this PostgreSQL (URL or key=value) instead of a private cluster in a temp folder
          --out [path]         also write the results as JSON (default path bench/results/latest.json)
          --probe [n]          instead of the load, time each step of both paths in-process, n calls each (default 2000)
          --help               this text
        """;

    /// <summary>Null after printing the usage (for <c>--help</c>); throws <see cref="ArgumentException"/> on bad input.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--duration" => options with { Duration = Seconds(Value()) },
                "--rounds" => options with { Rounds = Positive(Value()) },
                "--warmup" => options with { Warmup = Seconds(Value(), allowZero: true) },
                "--concurrency" => options with { Concurrency = Positive(Value()) },
                "--users" => options with { Users = Positive(Value()) },
                "--products" => options with { Products = Positive(Value()) },
                "--scenarios" => options with { Scenarios = ScenarioList(Value()) },
                "--jobs" => options with { JobCount = Positive(Value()) },
                "--job-clients" => options with { JobClients = Positive(Value()) },
                "--job-slots" => options with { JobSlots = Positive(Value()) },
                "--subscribers" => options with { SubscriberCount = Positive(Value()) },
                "--events" => options with { Events = Positive(Value()) },
                "--warmup-events" => options with { WarmupEvents = NonNegative(Value()) },
                "--rate" => options with { Rate = Positive(Value()) },
                "--flood-clients" => options with { FloodClients = Positive(Value()) },
                "--serve" => options with { Serve = true },
                "--database-url" => options with { DatabaseUrl = Value() },
                "--out" => options with { OutPath = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : DefaultOutPath },
                "--probe" => options with { ProbeIterations = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? Positive(args[++i]) : 2000 },
                "--help" or "-h" => null,
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
            if (options is null)
            {
                Console.WriteLine(Usage);
                return null;
            }
        }

        return options;
    }

    private static TimeSpan Seconds(string text, bool allowZero = false) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && (seconds > 0 || (allowZero && seconds == 0))
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"'{text}' is not a valid number of seconds.");

    private static int NonNegative(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"'{text}' is not a whole number.");

    private static int Positive(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"'{text}' is not a positive whole number.");

    private static string[] ScenarioList(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Except(KnownScenarios).ToList();
        if (names.Length == 0 || unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown scenario(s) {string.Join(", ", unknown)}; choose from {string.Join(", ", KnownScenarios)}.");
        }

        return names.Length > 1 && (names.Contains(Jobs) || names.Contains(Subscribers) || names.Contains(Logins))
            ? throw new ArgumentException($"{Jobs}, {Subscribers} and {Logins} run alone: one of them per run.")
            : names;
    }
}
