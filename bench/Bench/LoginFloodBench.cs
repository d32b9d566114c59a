using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ProductDescriber.Bench;

/// <summary>
/// Do reads keep their latency while logins run flat out? <c>me</c> is sent at a fixed rate (open loop: each request
/// leaves at its scheduled time whatever the previous ones do, and its latency counts from that time, so a stalled
/// server cannot hide its queue), in rounds that alternate without and with a flood of correct logins from other
/// connections, each waiting only for its own answer. bcrypt is the costliest thing the Host does on request.
/// </summary>
internal sealed class LoginFloodBench(ServedHost host, BenchClient reader, BenchOptions options, CancellationToken cancellationToken)
{
    private const string MeQuery = "query Me { me { id username email role isActive createdAt } }";
    private const string LoginQuery = "mutation Login($input: LoginInput!) { login(input: $input) { accessToken errors { code } } }";

    public async Task RunAsync(TextWriter output)
    {
        using var flood = new BenchClient(host.BaseAddress, options.FloodClients);
        var me = reader.GraphQLRequest(new Scenario("me", "", MeQuery, ""));
        var expectedLength = (await reader.FetchAsync(me)).Length;
        var loginBodies = Enumerable.Range(1, Math.Min(options.Users, 50)).Select(LoginBody).ToArray();

        Progress($"warm-up {options.Warmup.TotalSeconds:0.#} s (me at {options.Rate}/s with the flood)");
        await PhaseAsync(me, expectedLength, flood, loginBodies, withFlood: true, options.Warmup);

        var quiet = new List<PhaseResult>();
        var flooded = new List<PhaseResult>();
        var loadBefore = Distribution.LoadAverage();
        for (var round = 1; round <= options.Rounds; round++)
        {
            quiet.Add(await PhaseAsync(me, expectedLength, flood, loginBodies, withFlood: false, options.Duration));
            flooded.Add(await PhaseAsync(me, expectedLength, flood, loginBodies, withFlood: true, options.Duration));
            Progress($"round {round}/{options.Rounds}: p99 without {quiet[^1].Latency.Percentile(0.99):0.0} ms, with {flooded[^1].Latency.Percentile(0.99):0.0} ms ({flooded[^1].LoginsPerSecond:0.0} logins/s)");
        }

        Report(output, quiet, flooded, loadBefore);
    }

    private async Task<PhaseResult> PhaseAsync(Func<HttpRequestMessage> me, int expectedLength, BenchClient flood, byte[][] loginBodies, bool withFlood, TimeSpan duration)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var logins = withFlood
            ? Enumerable.Range(0, options.FloodClients).Select(worker => Task.Run(() => FloodAsync(flood, loginBodies, worker, stop.Token))).ToArray()
            : [];
        var reads = await OpenLoopAsync(me, expectedLength, duration);
        await stop.CancelAsync();
        var outcomes = await Task.WhenAll(logins);
        return new PhaseResult(
            new Distribution(reads.Latencies),
            reads.Failures,
            outcomes.Sum(o => o.Succeeded) / duration.TotalSeconds,
            outcomes.Sum(o => o.Refused) / duration.TotalSeconds);
    }

    /// <summary>Sends request i at start + i / rate; the latency of each is measured from that scheduled time.</summary>
    private async Task<(List<double> Latencies, int Failures)> OpenLoopAsync(Func<HttpRequestMessage> me, int expectedLength, TimeSpan duration)
    {
        var total = (int)(duration.TotalSeconds * options.Rate);
        var interval = Stopwatch.Frequency / (double)options.Rate;
        var started = Stopwatch.GetTimestamp();
        var inFlight = new List<Task<double?>>(total);
        for (var i = 0; i < total; i++)
        {
            var due = started + (long)(i * interval);
            while (Stopwatch.GetTimestamp() < due)
            {
                await Task.Delay(1, cancellationToken);
            }

            inFlight.Add(SendAsync(me, expectedLength, due));
        }

        var results = await Task.WhenAll(inFlight);
        return ([.. results.OfType<double>()], results.Count(r => r is null));
    }

    private async Task<double?> SendAsync(Func<HttpRequestMessage> me, int expectedLength, long scheduled)
    {
        try
        {
            using var message = me();
            using var response = await reader.Http.SendAsync(message, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return response.IsSuccessStatusCode && body.Length == expectedLength
                ? Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds
                : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<(int Succeeded, int Refused)> FloodAsync(BenchClient flood, byte[][] bodies, int worker, CancellationToken stop)
    {
        var (succeeded, refused) = (0, 0);
        var url = new Uri(flood.BaseAddress, "/graphql");
        for (var i = worker; !stop.IsCancellationRequested; i++)
        {
            try
            {
                using var content = new ByteArrayContent(bodies[i % bodies.Length]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                // Not cancelled with the phase: a login the Host has queued is hashed anyway, so the phase ends only
                // when every worker has its answer, and the next phase starts without a backlog of bcrypt work.
                using var response = await flood.Http.SendAsync(message, CancellationToken.None);
                var answer = JsonNode.Parse(await response.Content.ReadAsStreamAsync(CancellationToken.None));
                if (answer?["data"]?["login"]?["accessToken"] is JsonValue)
                {
                    succeeded++;
                }
                else
                {
                    refused++;
                }
            }
            catch (HttpRequestException)
            {
                refused++;
            }
        }

        return (succeeded, refused);
    }

    private static byte[] LoginBody(int user) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["query"] = LoginQuery,
        ["variables"] = new JsonObject
        {
            ["input"] = new JsonObject { ["username"] = BenchClient.SeededUsername(user), ["password"] = BenchClient.SeededPassword(user) },
        },
    }.ToJsonString());

    private void Report(TextWriter output, List<PhaseResult> quiet, List<PhaseResult> flooded, string loadBefore)
    {
        var without = new Distribution(quiet.SelectMany(p => p.Latency.Values));
        var with = new Distribution(flooded.SelectMany(p => p.Latency.Values));
        var ratios = quiet.Zip(flooded, (a, b) => b.Latency.Percentile(0.99) / a.Latency.Percentile(0.99)).Order().ToArray();
        output.WriteLine();
        output.WriteLine(Invariant($"me at {options.Rate} requests/s (open loop), without and with {options.FloodClients} clients logging in flat out; Host in its own process (pid {host.ProcessId})"));
        output.WriteLine(Invariant($"rounds  : {options.Rounds} x ({options.Duration.TotalSeconds:0.#} s without, {options.Duration.TotalSeconds:0.#} s with), after {options.Warmup.TotalSeconds:0.#} s of warm-up; load average {loadBefore} before, {Distribution.LoadAverage()} after"));
        output.WriteLine(Invariant($"without : {without}  failed {quiet.Sum(p => p.Failures)}"));
        output.WriteLine(Invariant($"with    : {with}  failed {flooded.Sum(p => p.Failures)}"));
        output.WriteLine(Invariant($"logins  : {VariantResult.Median(flooded.Select(p => p.LoginsPerSecond)):0.0}/s succeeded, {VariantResult.Median(flooded.Select(p => p.RefusedPerSecond)):0.0}/s refused (median over rounds)"));
        output.WriteLine(Invariant($"p99 with/without: {with.Percentile(0.99) / without.Percentile(0.99):0.00} over all rounds; per round {string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))} (goal <= 1.5)"));
    }

    private static void Progress(string line) => Console.Error.WriteLine("  logins: " + line);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record PhaseResult(Distribution Latency, int Failures, double LoginsPerSecond, double RefusedPerSecond);
}
