using System.Net;
using ProductDescriber.TestSupport;
using Xunit.Abstractions;

namespace ProductDescriber.Host.Tests;

/// <summary>
/// An anonymous fan-out over introspection lists once took a Development Host from 265 MB to 3.4 GB. Now it is
/// refused while validating, and the Host's resident memory barely moves: measured on the Host as its own process
/// (VmHWM, reset after warm-up), not on the test.
/// </summary>
public sealed class IntrospectionMemoryTests(ITestOutputHelper output)
{
    /// <summary>Well above the noise of a few requests, far below what building such an answer takes.</summary>
    private const long AllowedGrowth = 40L * 1024 * 1024;

    [Fact]
    public async Task Introspection_fan_outs_leave_the_Host_s_memory_where_it_was()
    {
        var database = await TestDatabase.CreateAsync("introspection_memory");
        await using var host = HostProcess.Start(new Dictionary<string, string> { ["DATABASE_URL"] = database });
        var url = await host.WaitForUrlAsync(TimeSpan.FromSeconds(90));
        using var client = new GraphQLClient(new HttpClient { BaseAddress = new Uri(url.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromMinutes(5) });

        // Warm-up: JIT, the schema and the document cache are in place before the baseline.
        await client.QueryAsync(IntrospectionDocuments.Standard);
        var baseline = await host.ResetPeakMemoryAsync();

        var statuses = new List<HttpStatusCode>();
        foreach (var (shape, query) in IntrospectionDocuments.FanOuts)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var response = await client.PostAsync(query);
            output.WriteLine($"{shape}: {(int)response.Status} in {clock.ElapsedMilliseconds} ms, {response.Body.Length / 1e6:F1} MB answered");
            statuses.Add(response.Status);
        }

        var peak = host.PeakMemory;
        output.WriteLine($"Host RSS {baseline / 1e6:F1} MB before, peak {peak / 1e6:F1} MB after the fan-outs");
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        Assert.True(peak - baseline < AllowedGrowth, $"The Host grew by {(peak - baseline) / 1e6:F1} MB.");
    }
}
