using System.Net.WebSockets;
using System.Text;
using ProductDescriber.TestSupport;

namespace ProductDescriber.Host.Tests.WebSockets;

/// <summary>A Host with short WebSocket limits: init timeout, keep-alive and message size.</summary>
public sealed class GraphQLWsLimitsTests(GraphQLWsLimitsTests.LimitsHostFixture fixture) : IClassFixture<GraphQLWsLimitsTests.LimitsHostFixture>
{
    public const int MaxMessageBytes = 4096;

    private Uri Url => fixture.Host.WebSocketUrl;

    [Fact]
    public async Task No_connection_init_within_the_timeout_closes_with_4408()
    {
        await using var socket = await GraphQLWsTestClient.ConnectAsync(Url);

        Assert.Equal((WebSocketCloseStatus)4408, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Server_sends_keep_alive_pings()
    {
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);
        socket.IgnorePings = false;

        Assert.Equal("ping", (await socket.ReceiveAsync()).Json("type"));
    }

    [Fact]
    public async Task Message_within_the_limit_is_served()
    {
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);

        await socket.SubscribeAsync("q", "{ __typename }", new { padding = new string('x', MaxMessageBytes / 2) });

        Assert.Equal("Query", (await socket.ReceiveNextAsync("q")).Json("data", "__typename"));
    }

    [Fact]
    public async Task Message_larger_than_the_limit_closes_with_1009()
    {
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);

        await socket.SubscribeAsync("q", "{ __typename }", new { padding = new string('x', MaxMessageBytes * 4) });

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Message_over_the_limit_in_many_frames_closes_with_1009()
    {
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);
        var chunk = Encoding.UTF8.GetBytes(new string(' ', 1024));

        for (var i = 0; i < MaxMessageBytes / chunk.Length + 2 && socket.Socket.State == WebSocketState.Open; i++)
        {
            await socket.Socket.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        }

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await socket.ReceiveCloseAsync());
    }

    public sealed class LimitsHostFixture : EventsHostFixture
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["WebSockets:ConnectionInitTimeoutSeconds"] = "1",
            ["WebSockets:KeepAliveSeconds"] = "1",
            ["WebSockets:MaxMessageBytes"] = MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
