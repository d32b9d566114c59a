using System.Net.WebSockets;

namespace ProductDescriber.Host.Tests.WebSockets;

/// <summary>Protocol violations close the socket with the graphql-transport-ws close codes.</summary>
public sealed class GraphQLWsCloseCodeTests(EventsHostFixture fixture) : IClassFixture<EventsHostFixture>
{
    private Uri Url => fixture.Host.WebSocketUrl;

    [Fact]
    public async Task Second_connection_init_closes_with_4429()
    {
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);

        await socket.SendAsync(new { type = "connection_init" });

        Assert.Equal((WebSocketCloseStatus)4429, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Subscribe_before_ack_closes_with_4401()
    {
        await using var socket = await GraphQLWsTestClient.ConnectAsync(Url);

        await socket.SubscribeAsync("1", "{ __typename }");

        Assert.Equal((WebSocketCloseStatus)4401, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Subscribing_with_an_active_id_closes_with_4409()
    {
        var topic = TestEvents.NewTopic();
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);
        await socket.SubscribeToTestEventsAsync("same", topic);
        await socket.PublishUntilReceivedAsync("same", fixture.Admin, topic);

        await socket.SubscribeToTestEventsAsync("same", topic);

        Assert.Equal((WebSocketCloseStatus)4409, await socket.ReceiveCloseAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("""{"id":"1"}""")]
    [InlineData("""{"type":42}""")]
    [InlineData("""{"type":"no_such_type"}""")]
    [InlineData("""{"type":"next","id":"1","payload":{"data":null}}""")]
    [InlineData("""{"type":"connection_ack"}""")]
    [InlineData("""{"type":"subscribe","payload":{"query":"{ __typename }"}}""")]
    [InlineData("""{"type":"subscribe","id":"","payload":{"query":"{ __typename }"}}""")]
    [InlineData("""{"type":"subscribe","id":"1"}""")]
    [InlineData("""{"type":"subscribe","id":"1","payload":"{ __typename }"}""")]
    [InlineData("""{"type":"subscribe","id":"1","payload":{"variables":{}}}""")]
    public async Task Invalid_message_closes_with_4400(string message)
    {
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);

        await socket.SendTextAsync(message);

        Assert.Equal((WebSocketCloseStatus)4400, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Binary_message_closes_with_4400()
    {
        await using var socket = await GraphQLWsTestClient.ConnectAndInitAsync(Url, fixture.AdminToken);

        await socket.SendFrameAsync("""{"type":"ping"}"""u8.ToArray(), WebSocketMessageType.Binary);

        Assert.Equal((WebSocketCloseStatus)4400, await socket.ReceiveCloseAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("graphql-ws")]
    public async Task Socket_without_the_graphql_transport_ws_subprotocol_closes_with_4406(string offered)
    {
        await using var socket = await GraphQLWsTestClient.ConnectAsync(Url, offered.Split(',', StringSplitOptions.RemoveEmptyEntries));

        Assert.Null(socket.Socket.SubProtocol);
        Assert.Equal((WebSocketCloseStatus)4406, await socket.ReceiveCloseAsync());
    }
}
