using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.Telemetry;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task With_an_OTLP_endpoint_traces_and_metrics_are_posted_to_the_collector()
    {
        await using var collector = await RecordingServer.StartAsync(contentType: "application/x-protobuf");
        await using var host = await TestHost.StartAsync("otlp_on", new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "describer-under-test",
        });
        using (var client = await host.AdminAsync())
        {
            await client.QueryAsync("query OtlpProbe { me { username } }");
        }

        Assert.True(host.GetService<TracerProvider>().ForceFlush(10_000), "The tracer provider did not flush.");
        Assert.True(host.GetService<MeterProvider>().ForceFlush(10_000), "The meter provider did not flush.");

        var traces = Received(collector, "/v1/traces");
        Assert.Contains("describer-under-test", traces);
        Assert.Contains("query OtlpProbe", traces);
        var metrics = Received(collector, "/v1/metrics");
        Assert.Contains("describer-under-test", metrics);
        Assert.Contains("productdescriber.graphql.operations", metrics);
    }

    [Fact]
    public async Task Without_an_OTLP_endpoint_no_provider_exists_so_nothing_is_recorded()
    {
        await using var host = await TestHost.StartAsync("otlp_off");
        using (var client = await host.AdminAsync())
        {
            await client.QueryAsync("{ me { username } }");
        }

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
    }

    /// <summary>
    /// The bodies the collector received at <paramref name="path"/> as OTLP/HTTP protobuf, as text: protobuf keeps
    /// strings as UTF-8 bytes, so names and values can be looked for in it.
    /// </summary>
    private static string Received(RecordingServer collector, string path)
    {
        var posts = collector.Requests.Where(r => r.Path == path).ToList();
        Assert.NotEmpty(posts);
        Assert.All(posts, post => Assert.Equal(("POST", "application/x-protobuf"), (post.Method, post.ContentType)));
        return string.Join('\n', posts.Select(post => Encoding.UTF8.GetString(post.Body)));
    }
}
