using System.Text;
using System.Text.Json.Nodes;

namespace ProductDescriber.Bench;

/// <summary>
/// For one scenario: check that both variants answer the same JSON, warm both up, then time them in interleaved
/// rounds (GraphQL, plain, GraphQL, plain, ...), so that drift on a shared machine hits both alike.
/// </summary>
internal sealed class ScenarioRunner(BenchClient client, ServerCounters server, BenchOptions options, CancellationToken cancellation)
{
    private const string GraphQLVariant = "graphql";
    private const string PlainVariant = "plain";

    public async Task<ScenarioResult> RunAsync(Scenario scenario)
    {
        var graphQL = client.GraphQLRequest(scenario);
        var plain = client.PlainRequest(scenario);
        var (length, byteEqual) = await VerifyAsync(scenario, graphQL, plain);
        var load = new LoadGenerator(client.Http, options.Concurrency);

        if (options.Warmup > TimeSpan.Zero)
        {
            Progress($"  {scenario.Name}: warm-up {options.Warmup.TotalSeconds:0.#} s per variant");
            await load.RunAsync(graphQL, length, options.Warmup);
            await load.RunAsync(plain, length, options.Warmup);
        }

        var graphQLRounds = new List<RoundResult>();
        var plainRounds = new List<RoundResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            cancellation.ThrowIfCancellationRequested();
            graphQLRounds.Add(await TimedRoundAsync(load, graphQL, length));
            plainRounds.Add(await TimedRoundAsync(load, plain, length));
            Progress($"  {scenario.Name} round {round}/{options.Rounds}: graphql {graphQLRounds[^1].RequestsPerSecond:0.0} req/s, plain {plainRounds[^1].RequestsPerSecond:0.0} req/s");
        }

        var ratios = graphQLRounds.Zip(plainRounds, (a, b) => a.RequestsPerSecond / b.RequestsPerSecond).ToArray();
        return new ScenarioResult(
            scenario.Name,
            scenario.Description,
            scenario.GraphQLQuery,
            scenario.PlainPath,
            length,
            byteEqual,
            VariantResult.From(GraphQLVariant, graphQLRounds),
            VariantResult.From(PlainVariant, plainRounds),
            VariantResult.Median(ratios),
            ratios.Min(),
            ratios.Max());
    }

    private async Task<RoundResult> TimedRoundAsync(LoadGenerator load, Func<HttpRequestMessage> request, int length)
    {
        // Each round starts from collected heaps (the Host's and the client's), so one variant's garbage is not
        // collected on the other's time.
        await server.CollectAsync(cancellation);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        await Task.Delay(TimeSpan.FromMilliseconds(200), cancellation);
        var before = await server.SampleAsync(cancellation);
        var round = await load.RunAsync(request, length, options.Duration);
        return round with { Server = await server.SampleAsync(cancellation) - before };
    }

    /// <summary>Aborts the run unless both answer the same JSON; returns the response length and whether the bytes match.</summary>
    private async Task<(int Length, bool ByteEqual)> VerifyAsync(Scenario scenario, Func<HttpRequestMessage> graphQL, Func<HttpRequestMessage> plain)
    {
        var fromGraphQL = await client.FetchAsync(graphQL);
        var fromPlain = await client.FetchAsync(plain);
        if (fromGraphQL.AsSpan().SequenceEqual(fromPlain))
        {
            Progress($"  {scenario.Name}: responses are byte-identical ({fromGraphQL.Length} bytes)");
            return (fromGraphQL.Length, true);
        }

        var same = JsonNode.DeepEquals(JsonNode.Parse(fromGraphQL), JsonNode.Parse(fromPlain));
        if (!same || fromGraphQL.Length != fromPlain.Length)
        {
            throw new InvalidOperationException(
                $"""
                Scenario {scenario.Name}: the plain endpoint does not answer what GraphQL answers; nothing was timed.
                GraphQL ({fromGraphQL.Length} bytes): {Encoding.UTF8.GetString(fromGraphQL)}
                plain   ({fromPlain.Length} bytes): {Encoding.UTF8.GetString(fromPlain)}
                """);
        }

        Progress($"  {scenario.Name}: responses are equal JSON of equal length ({fromGraphQL.Length} bytes), not byte-identical");
        return (fromGraphQL.Length, false);
    }

    private static void Progress(string line) => Console.Error.WriteLine(line);
}
