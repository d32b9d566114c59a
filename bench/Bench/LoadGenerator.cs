using System.Diagnostics;

namespace ProductDescriber.Bench;

/// <summary>What one variant did in one timed round. Latencies are <see cref="Stopwatch"/> ticks, unsorted.</summary>
internal sealed record RoundResult(long[] Latencies, int Failures, TimeSpan Elapsed, TimeSpan ProcessCpu)
{
    public double RequestsPerSecond => Latencies.Length / Elapsed.TotalSeconds;

    /// <summary>CPU of this process (the load generator) as a share of all cores; the Host and PostgreSQL are not in it.</summary>
    public double ProcessCpuShare => ProcessCpu / (Elapsed * Environment.ProcessorCount);

    /// <summary>What the Host's process spent in the round (every request sent, answered in time or not).</summary>
    public ServerSample Server { get; init; }

    public int Sent => Latencies.Length + Failures;

    public double ServerKilobytesPerRequest => Sent == 0 ? double.NaN : Server.AllocatedBytes / 1024.0 / Sent;

    public double ServerCpuMicrosecondsPerRequest => Sent == 0 ? double.NaN : Server.Cpu.TotalMicroseconds / Sent;
}

/// <summary>
/// A closed loop: each worker sends a request, reads the whole response, and sends the next, until the round's
/// deadline. Only requests that completed before the deadline count. A response counts as a failure unless it has a
/// success status and exactly the length of the verified response, which catches GraphQL's 200-with-errors answers.
/// </summary>
internal sealed class LoadGenerator(HttpClient http, int workers)
{
    private const int ReadBufferBytes = 16 * 1024;

    public async Task<RoundResult> RunAsync(Func<HttpRequestMessage> request, int expectedLength, TimeSpan duration)
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = Enumerable.Range(0, workers).Select(_ => Task.Run(() => LoopAsync(request, expectedLength, deadline))).ToArray();
        var outcomes = await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(started, Math.Min(deadline, Stopwatch.GetTimestamp()));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return new RoundResult(
            [.. outcomes.SelectMany(o => o.Latencies)],
            outcomes.Sum(o => o.Failures),
            elapsed,
            cpu);
    }

    private async Task<(List<long> Latencies, int Failures)> LoopAsync(Func<HttpRequestMessage> request, int expectedLength, long deadline)
    {
        var latencies = new List<long>(capacity: 1 << 14);
        var failures = 0;
        var buffer = new byte[ReadBufferBytes];
        while (true)
        {
            var sent = Stopwatch.GetTimestamp();
            if (sent >= deadline)
            {
                break;
            }

            var ok = false;
            try
            {
                using var message = request();
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
                await using var body = await response.Content.ReadAsStreamAsync();
                var length = 0;
                int read;
                while ((read = await body.ReadAsync(buffer)) > 0)
                {
                    length += read;
                }

                ok = response.IsSuccessStatusCode && length == expectedLength;
            }
            catch (HttpRequestException)
            {
            }

            var received = Stopwatch.GetTimestamp();
            if (received > deadline)
            {
                break;
            }

            if (ok)
            {
                latencies.Add(received - sent);
            }
            else
            {
                failures++;
            }
        }

        return (latencies, failures);
    }
}
