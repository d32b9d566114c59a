using System.Diagnostics;
using System.Net.WebSockets;
using Xunit.Abstractions;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.WebSockets;

/// <summary>
/// SIGTERM (what service managers and container runtimes send) with a subscription open: the client hears 1001
/// Going Away, which graphql-ws clients answer by reconnecting and resubscribing, and the process is gone within
/// seconds instead of holding the socket until the 30 s shutdown timeout and then dropping it (1006).
/// </summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Sigterm_says_going_away_to_open_sockets_and_the_host_exits_within_seconds()
    {
        await using var host = HostProcess.StartWithTestEvents(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = await TestDatabase.CreateAsync("shutdown"),
            ["SECRET_KEY"] = TestHost.SecretKey,
            ["ADMIN_PASSWORD"] = TestHost.AdminPassword,
            ["Identity__BcryptWorkFactor"] = "10",
        });
        var url = await host.WaitForUrlAsync(StartTimeout);
        using var admin = new GraphQLClient(new HttpClient { BaseAddress = url });
        await admin.LoginAsync("admin", TestHost.AdminPassword);
        var topic = TestEvents.NewTopic();
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(new UriBuilder(url) { Scheme = "ws" }.Uri, admin.Token);
        await socket.SubscribeToTestEventsAsync("s", topic);
        await socket.PublishUntilReceivedAsync("s", admin, topic);

        var stopping = Stopwatch.StartNew();
        var exited = host.TerminateAsync(TimeSpan.FromSeconds(60));
        var close = await CloseStatusAsync(socket);
        var exitCode = await exited;
        var elapsed = stopping.Elapsed;

        var seen = close is { } status ? $"close {(int)status}" : "no close frame: the connection dropped (1006)";
        output.WriteLine($"After SIGTERM: {seen}; the Host exited with {exitCode} after {elapsed.TotalSeconds:0.00} s.");
        Assert.True(close == WebSocketCloseStatus.EndpointUnavailable, $"Expected close 1001 (Going Away), got {seen}; the Host exited after {elapsed.TotalSeconds:0.0} s.");
        Assert.Equal(0, exitCode);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"The Host took {elapsed.TotalSeconds:0.0} s to exit.\n{host.Output}");
    }

    /// <summary>
    /// The close status the server sent, or null when the connection dropped without one. The close is answered at
    /// once, as browsers and the <c>ws</c> package do (.NET's client waits to be told).
    /// </summary>
    private static async Task<WebSocketCloseStatus?> CloseStatusAsync(GraphQLWsTestClient socket)
    {
        try
        {
            var status = await socket.ReceiveCloseAsync(TimeSpan.FromSeconds(60));
            await socket.DisposeAsync();
            return status;
        }
        catch (WebSocketException)
        {
            return null;
        }
    }
}
