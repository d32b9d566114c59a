using System.Diagnostics;
using ProductDescriber.TestSupport;
using Xunit.Abstractions;

namespace ProductDescriber.Host.Tests.WebSockets;

/// <summary>The reference client (npm graphql-ws over ws, tests/ws-client/client.mjs) against the real Host.</summary>
public sealed class GraphQLWsNodeClientTests(EventsHostFixture fixture, ITestOutputHelper output) : IClassFixture<EventsHostFixture>
{
    [Fact]
    public async Task Graphql_ws_client_runs_query_mutation_and_subscription_and_is_refused_a_bad_token()
    {
        var folder = Path.Combine(Repository.Root, "tests", "ws-client");
        Assert.True(
            Directory.Exists(Path.Combine(folder, "node_modules", "graphql-ws")),
            $"node_modules is missing: run `npm ci` in {folder}");

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("client.mjs");
        start.ArgumentList.Add(fixture.Host.WebSocketUrl.ToString());
        start.ArgumentList.Add(fixture.AdminToken);
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            try
            {
                await node.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                node.Kill(entireProcessTree: true);
                throw;
            }
        }

        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.True(node.ExitCode == 0, $"client.mjs exited with {node.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
