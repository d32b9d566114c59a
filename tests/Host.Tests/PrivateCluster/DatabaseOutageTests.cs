using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using ProductDescriber.Host.Tests.WebSockets;

namespace ProductDescriber.Host.Tests.PrivateCluster;

/// <summary>
/// PostgreSQL stops under a running Host: requests that need it answer 503 with a GraphQL error (code
/// <c>UNAVAILABLE</c>) and <c>Retry-After</c>, never a 500, a stack page or an empty body; once PostgreSQL is back
/// the same requests succeed, with no restart of the Host.
/// </summary>
[Collection(HostProcessCollection.Name)]
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private const string AdminPassword = "Outage-Test-Passw0rd!";
    private const string LoginMutation = "mutation($p: String!) { login(input: {username: \"admin\", password: $p}) { accessToken } }";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"pd-outage-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Requests_answer_503_unavailable_while_PostgreSQL_is_down_and_succeed_again_once_it_is_back(string environment)
    {
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["Database__DataDirectory"] = _dataDirectory,
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["SECRET_KEY"] = "outage-test-secret-key-0123456789-abcdefghijklmnop",
            ["ADMIN_PASSWORD"] = AdminPassword,
        });
        var url = await host.WaitForUrlAsync(StartTimeout);
        var token = await HostRequests.LoginAsync(url, AdminPassword);
        Assert.Equal("admin", await HostRequests.MeAsync(url, token));

        await ClusterCommands.StopImmediatelyAsync(_dataDirectory);

        // The bearer token is checked against the users table before any GraphQL runs.
        await AssertUnavailableAsync(await HostRequests.PostAsync(url, HostRequests.Me, token: token));
        await AssertUnavailableAsync(await HostRequests.PostAsync(url, HostRequests.Me, token: token, accept: "application/json"));

        // No token: the resolver itself finds the database gone.
        await AssertUnavailableAsync(await HostRequests.PostAsync(url, LoginMutation, new { p = AdminPassword }));
        await AssertUnavailableAsync(await HostRequests.PostAsync(url, LoginMutation, new { p = AdminPassword }, accept: "text/event-stream"));

        // A WebSocket cannot be told with a status: the connection is closed with 1013 (try again later).
        await using (var socket = await GraphQLWsTestClient.ConnectAsync(new UriBuilder(url) { Scheme = "ws" }.Uri))
        {
            await socket.SendAsync(new { type = "connection_init", payload = new { Authorization = $"Bearer {token}" } });
            Assert.Equal((WebSocketCloseStatus)1013, await socket.ReceiveCloseAsync());
        }

        await ClusterCommands.StartAsync(_dataDirectory);

        Assert.Equal("admin", await HostRequests.MeAsync(url, token));
        var acknowledged = await GraphQLWsTestClient.ConnectAndInitAsync(new UriBuilder(url) { Scheme = "ws" }.Uri, token);
        await acknowledged.DisposeAsync();

        Assert.Equal(0, await host.InterruptAsync(TimeSpan.FromSeconds(30)));
        Assert.Null(ClusterCommands.PostmasterPid(_dataDirectory));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => ClusterCommands.RemoveAsync(_dataDirectory);

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {response.Headers.RetryAfter}");
            Assert.Contains("json", response.Content.Headers.ContentType?.MediaType);

            using var json = JsonDocument.Parse(body);
            var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
            Assert.Equal("UNAVAILABLE", error.GetProperty("extensions").GetProperty("code").GetString());
            Assert.False(json.RootElement.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null, body);

            // The same in Development: no stack trace, no driver message.
            Assert.DoesNotContain(" at ", body);
            Assert.DoesNotContain("Npgsql", body);
        }
    }
}
